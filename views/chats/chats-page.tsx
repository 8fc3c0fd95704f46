import type { ChatFilters, ChatRow } from '../../src/chats/chat.ts';
import { DayRangeFields } from '../components/field.tsx';
import { FilterActions, FilterTabs } from '../components/filter-tabs.tsx';
import { cappedCount, shortTime, stageLabel, statusLabel, statusPillClass } from '../components/format.ts';
import { KeysetPager, listUrl } from '../components/keyset-pager.tsx';
import { TableHead } from '../components/table-head.tsx';
import { LIVE_REFRESH_EVENT } from '../dom-ids.ts';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { ChatDialog } from './chat-panel.tsx';

export interface ChatsViewProps {
  base: string;
  /** The filters as typed (dates as YYYY-MM-DD), to refill the form and build links. */
  query: Record<string, string>;
  status: ChatFilters['status'];
  rows: ChatRow[];
  counts: Record<'unassigned' | 'active' | 'offline' | 'closed', number>;
  countCap: number;
  agents: Array<{ id: string; name: string }>;
  nextCursor?: string | undefined;
  /** The range ends before it starts: said instead of an empty table. */
  rangeError?: string | undefined;
}

const chatsUrl = (base: string, query: Record<string, string>, changes: Record<string, string | undefined>) =>
  listUrl(`${base}/chats`, query, changes);

const region = {
  'hx-target': '#chats-results',
  'hx-select': '#chats-results',
  'hx-swap': 'outerHTML',
  'hx-push-url': 'true',
};

function StatusPills({ base, query, status, counts, countCap }: ChatsViewProps) {
  const total = counts.unassigned + counts.active + counts.offline + counts.closed;
  const pills = [
    { key: 'all', label: 'All', count: total },
    ...(['active', 'unassigned', 'offline', 'closed'] as const).map((key) => ({
      key,
      label: statusLabel[key] ?? key,
      count: counts[key],
    })),
  ];
  const tabs = pills.map((pill) => ({
    href: chatsUrl(base, query, { status: pill.key === 'all' ? undefined : pill.key, after: undefined }),
    label: pill.label,
    count: cappedCount(pill.count, countCap),
    current: pill.key === status,
  }));
  return <FilterTabs label="Chat status" tabs={tabs} swap={region} />;
}

function ChatsTable({ base, rows }: { base: string; rows: ChatRow[] }) {
  if (rows.length === 0) {
    return (
      <div class="card empty-state">
        <p>No chats match these filters.</p>
      </div>
    );
  }
  return (
    <div class="table-wrap">
      {/* On a phone each row is a card that keeps every column, labelled (console.css). */}
      <table class="table table-cards" id="chats-table">
        <TableHead
          columns={[
            { label: 'Visitor' },
            { label: 'Status' },
            { label: 'Agent' },
            { label: 'Stage' },
            { label: 'Project' },
            { label: 'Last message' },
            { label: 'Started' },
            { label: 'Actions', visuallyHidden: true },
          ]}
        />
        <tbody>
          {rows.map((row) => (
            <tr id={`chat-row-${row.id}`}>
              <td class="card-title-cell">
                <span class="cell-title">{row.visitorName ?? 'Visitor'}</span>
                <span class="cell-sub">{row.visitorPhone ?? '—'}</span>
              </td>
              <td class="card-aside">
                <span class={statusPillClass(row.status)}>{statusLabel[row.status] ?? row.status}</span>
              </td>
              <td data-label="Agent">{row.assigneeName ?? <span class="muted">Nobody yet</span>}</td>
              <td data-label="Stage">{stageLabel[row.leadStage] ?? row.leadStage}</td>
              <td data-label="Project">{row.projectTitle}</td>
              <td class="cell-preview card-wide" data-label="Last message">
                <span class="cell-stack">
                  <span class="cell-sub">{shortTime(row.lastMessageAt)}</span>
                  <span class="preview-text">{row.lastMessagePreview ?? ''}</span>
                </span>
              </td>
              <td class="muted small" data-label="Started">
                {shortTime(row.createdAt)}
              </td>
              <td class="cell-actions">
                <a
                  class="button button-small"
                  href={`${base}/chats/${row.id}`}
                  hx-get={`${base}/chats/${row.id}`}
                  hx-target="#chat-dialog-body"
                  hx-swap="innerHTML"
                >
                  Open<span class="visually-hidden"> chat with {row.visitorName ?? 'visitor'}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The part of the page that filters and pages replace (pills, table, pager). */
export function ChatsResults(props: ChatsViewProps) {
  const { base, query, nextCursor } = props;
  const self = chatsUrl(base, query, {});
  return (
    <section
      id="chats-results"
      aria-label="Chats"
      hx-get={self}
      data-live-refresh
      hx-trigger={`chats-changed from:body, ${LIVE_REFRESH_EVENT}`}
      hx-select="#chats-results"
      hx-swap="outerHTML"
    >
      {props.rangeError ? (
        <p class="alert alert-error" role="alert">
          {props.rangeError}
        </p>
      ) : (
        <>
          <StatusPills {...props} />
          <ChatsTable base={base} rows={props.rows} />
        </>
      )}
      <KeysetPager path={`${base}/chats`} query={query} nextCursor={nextCursor} swap={region} />
    </section>
  );
}

function ChatFiltersForm(props: ChatsViewProps) {
  const { base, query, agents } = props;
  const action = `${base}/chats`;
  return (
    <form
      class="card filters"
      method="get"
      action={action}
      hx-get={action}
      {...region}
      aria-label="Filter chats"
    >
      {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
      <div class="field">
        <label for="chats-search">Name, phone or email</label>
        <input
          id="chats-search"
          name="q"
          type="search"
          value={query.q ?? ''}
          autocomplete="off"
          maxlength={100}
          aria-describedby="chats-search-hint"
          hx-get={action}
          hx-trigger="input changed delay:400ms"
          hx-include="closest form"
          {...region}
        />
        {/* ADR 0048: searches read an index, so they match beginnings and ends, not the middle. */}
        <p class="hint" id="chats-search-hint">
          Name or email starts with…, phone ends with…
        </p>
      </div>
      <div class="field">
        <label for="chats-stage">Lead stage</label>
        <select id="chats-stage" name="stage">
          <option value="">Any stage</option>
          {Object.entries(stageLabel).map(([value, label]) => (
            <option value={value} selected={query.stage === value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="chats-agent">Agent</label>
        <select id="chats-agent" name="agent">
          <option value="">Any agent</option>
          {agents.map((agent) => (
            <option value={agent.id} selected={query.agent === agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </div>
      <DayRangeFields idPrefix="chats" from={query.from} to={query.to} invalid={Boolean(props.rangeError)} />
      <FilterActions resetHref={action} />
    </form>
  );
}

export function ChatsPage(props: ChatsViewProps & { user: ShellUser }) {
  return (
    <AppShell
      title="Chats"
      user={props.user}
      currentPath={`${props.base}/chats`}
      scripts={['/static/js/chat-dialog.js', '/static/js/console-live.js']}
    >
      <div class="page-header">
        <div>
          <h1>Chats</h1>
          <p class="muted">Every conversation across projects, newest first.</p>
        </div>
      </div>
      <ChatFiltersForm {...props} />
      <ChatsResults {...props} />
      <ChatDialog />
    </AppShell>
  );
}

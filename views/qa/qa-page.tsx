import type { Child } from 'hono/jsx';
import type { QaChatRow } from '../../src/qa/qa.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { DayRangeFields } from '../components/field.tsx';
import { FilterActions, FilterTabs } from '../components/filter-tabs.tsx';
import { shortTime, statusLabel, statusPillClass } from '../components/format.ts';
import { KeysetPager, listUrl } from '../components/keyset-pager.tsx';
import { TableHead } from '../components/table-head.tsx';
import { conversationRowId, LIVE_REFRESH_EVENT } from '../dom-ids.ts';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { qaIds } from './qa-dom-ids.ts';

/** The QA console's list (QA-1, QA-2): every chat, filtered, live, each opened read-only beside it. */
export interface QaListProps {
  /** The filters as typed, to refill the form and build links. */
  query: Record<string, string>;
  rows: QaChatRow[];
  agents: Array<{ id: string; name: string }>;
  projects: Array<{ id: string; name: string }>;
  nextCursor?: string | undefined;
  rangeError?: string | undefined;
}

const QA_PATH = '/qa';
export const QA_SCRIPTS = ['/static/js/qa-console.js'];

const region = {
  'hx-target': `#${qaIds.results}`,
  'hx-select': `#${qaIds.results}`,
  'hx-swap': 'outerHTML',
  'hx-push-url': 'true',
};

const STATUS_TABS = [
  ['all', 'All'],
  ['active', 'Active'],
  ['unassigned', 'Waiting'],
  ['offline', 'Offline'],
  ['closed', 'Closed'],
] as const;

function StatusTabs({ query }: { query: Record<string, string> }) {
  const current = query.status ?? 'all';
  const tabs = STATUS_TABS.map(([key, label]) => ({
    href: listUrl(QA_PATH, query, { status: key === 'all' ? undefined : key, after: undefined }),
    label,
    current: key === current,
  }));
  return <FilterTabs label="Chat status" tabs={tabs} swap={region} />;
}

function Rows({ rows }: { rows: QaChatRow[] }) {
  if (rows.length === 0) {
    return (
      <div class="card empty-state">
        <p>No chats match these filters.</p>
      </div>
    );
  }
  return (
    <div class="table-wrap">
      <table class="table table-cards" id="qa-table">
        <TableHead
          columns={[
            { label: 'Visitor' },
            { label: 'Status' },
            { label: 'Agent' },
            { label: 'Project' },
            { label: 'Last message' },
            { label: 'Review' },
            { label: 'Actions', visuallyHidden: true },
          ]}
        />
        <tbody>
          {rows.map((row) => (
            <tr id={conversationRowId(row.id)}>
              <td class="card-title-cell">
                <span class="cell-title">{row.visitorName ?? 'Visitor'}</span>
                <span class="cell-sub">{shortTime(row.createdAt)}</span>
              </td>
              <td class="card-aside">
                <span class={statusPillClass(row.status)}>{statusLabel[row.status] ?? row.status}</span>
              </td>
              <td data-label="Agent">
                {row.assigneeName ?? <span class="muted">Nobody</span>}
                {row.aiHandled ? <span class="pill pill-ai qa-ai-pill">AI</span> : null}
              </td>
              <td data-label="Project">{row.projectTitle}</td>
              <td class="cell-preview card-wide" data-label="Last message">
                <span class="cell-stack">
                  <span class="cell-sub">{shortTime(row.lastMessageAt)}</span>
                  <span class="preview-text">{row.lastMessagePreview ?? ''}</span>
                </span>
              </td>
              <td data-label="Review">
                {row.scoreCount > 0 ? 'Scored' : <span class="muted">Not scored</span>}
                {row.csatScore === null ? null : <span class="cell-sub">Rated {row.csatScore}/5</span>}
              </td>
              <td class="cell-actions">
                <a
                  class="button button-small"
                  href={`/qa/chats/${row.id}`}
                  hx-get={`/qa/chats/${row.id}`}
                  hx-target={`#${qaIds.pane}`}
                  hx-swap="innerHTML"
                >
                  Review<span class="visually-hidden"> chat with {row.visitorName ?? 'visitor'}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What filters and pages replace; reloads itself on live events (data-live-refresh). */
export function QaResults(props: QaListProps) {
  const self = listUrl(QA_PATH, props.query, {});
  return (
    <section
      id={qaIds.results}
      aria-label="Chats"
      hx-get={self}
      data-live-refresh
      hx-trigger={LIVE_REFRESH_EVENT}
      hx-select={`#${qaIds.results}`}
      hx-swap="outerHTML"
    >
      {props.rangeError ? (
        <p class="alert alert-error" role="alert">
          {props.rangeError}
        </p>
      ) : (
        <>
          <StatusTabs query={props.query} />
          <Rows rows={props.rows} />
        </>
      )}
      <KeysetPager path={QA_PATH} query={props.query} nextCursor={props.nextCursor} swap={region} />
    </section>
  );
}

function Picker(props: {
  id: string;
  name: string;
  label: string;
  any: string;
  value: string | undefined;
  options: Array<{ id: string; name: string }>;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        <option value="">{props.any}</option>
        {props.options.map((option) => (
          <option value={option.id} selected={props.value === option.id}>
            {option.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function QaFiltersForm(props: QaListProps) {
  const { query } = props;
  const scored = [
    { id: 'scored', name: 'Scored' },
    { id: 'unscored', name: 'Not scored' },
  ];
  return (
    <form
      class="card filters"
      method="get"
      action={QA_PATH}
      hx-get={QA_PATH}
      {...region}
      aria-label="Filter chats"
    >
      {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
      <Picker
        id="qa-agent"
        name="agent"
        label="Agent"
        any="Any agent"
        value={query.agent}
        options={props.agents}
      />
      <Picker
        id="qa-project"
        name="project"
        label="Project"
        any="Any project"
        value={query.project}
        options={props.projects}
      />
      <Picker
        id="qa-scored"
        name="scored"
        label="Review"
        any="Scored or not"
        value={query.scored}
        options={scored}
      />
      <DayRangeFields idPrefix="qa" from={query.from} to={query.to} invalid={Boolean(props.rangeError)} />
      <FilterActions resetHref={QA_PATH} />
    </form>
  );
}

export function QaPage(props: QaListProps & { user: ShellUser; pane?: Child }) {
  return (
    <AppShell title="Live review" user={props.user} currentPath={QA_PATH} scripts={QA_SCRIPTS}>
      <div class="page-header">
        <div>
          <h1>Live review</h1>
          <p class="muted">Every chat, live and read-only. Open one to watch it and score it.</p>
        </div>
      </div>
      <QaFiltersForm {...props} />
      <div class="qa-layout">
        <QaResults {...props} />
        <section id={qaIds.pane} class="card qa-pane" aria-label="Chat under review">
          {props.pane ?? <p class="muted">Choose a chat to review it here.</p>}
        </section>
      </div>
    </AppShell>
  );
}

/** A chat opened on its own (a link, a reload, a phone): the pane as a page. */
export function QaChatPage({ user, title, children }: { user: ShellUser; title: string; children: Child }) {
  return (
    <AppShell title={title} user={user} currentPath={`${QA_PATH}/chats`} scripts={QA_SCRIPTS}>
      <Breadcrumb parent={{ href: QA_PATH, label: 'Live review' }} current={title} />
      <section id={qaIds.pane} class="card qa-pane" aria-label="Chat under review">
        {children}
      </section>
    </AppShell>
  );
}

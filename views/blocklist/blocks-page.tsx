import type { BlockListKind, BlockListState, IpBlockListing } from '../../src/security/ip-block.ts';
import { strikeRuleLabel } from '../../src/security/ip-block.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { FormNotice, TextArea, TextField } from '../components/field.tsx';
import { FilterActions, FilterTabs } from '../components/filter-tabs.tsx';
import { cappedCount, dateTime } from '../components/format.ts';
import { KeysetPager, listUrl } from '../components/keyset-pager.tsx';
import { TableHead } from '../components/table-head.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

export interface BlocksViewProps {
  base: string;
  /** The list query as typed (defaults left out), to build links and keep the view after a post. */
  query: Record<string, string>;
  state: BlockListState;
  kind: BlockListKind;
  page: {
    rows: IpBlockListing[];
    nextCursor: string | undefined;
    inForce: number;
    ipError: string | undefined;
  };
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
  /** A refused "Block an address" form, refilled with its errors. */
  form?: { values: Record<string, string>; errors: FieldErrors } | undefined;
}

/** Counts on the "In force" tab stop here (BLOCKS_COUNT_CAP). */
const COUNT_CAP = 10_000;

const blocksUrl = (
  base: string,
  query: Record<string, string>,
  changes: Record<string, string | undefined>,
) => listUrl(`${base}/blocks`, query, changes);

const region = {
  'hx-target': '#blocks-body',
  'hx-swap': 'outerHTML',
  'hx-push-url': 'true',
};

function StateTabs({ base, query, state, page }: BlocksViewProps) {
  const tab = (key: BlockListState, label: string, count?: string) => ({
    href: blocksUrl(base, query, { state: key === 'active' ? undefined : key, after: undefined }),
    label,
    count,
    current: key === state,
  });
  const tabs = [tab('active', 'In force', cappedCount(page.inForce, COUNT_CAP)), tab('history', 'History')];
  return <FilterTabs label="Which blocks" tabs={tabs} swap={region} />;
}

function Filters({ base, query, kind, page }: BlocksViewProps) {
  const action = `${base}/blocks`;
  return (
    <form class="card filters blocks-filters" method="get" action={action} hx-get={action} {...region}>
      {query.state ? <input type="hidden" name="state" value={query.state} /> : null}
      <div class="field">
        <label for="blocks-ip">Address</label>
        <input
          id="blocks-ip"
          name="ip"
          type="search"
          inputmode="text"
          autocomplete="off"
          spellcheck={false}
          placeholder="203.0.113.7"
          value={query.ip ?? ''}
          maxlength={64}
          aria-invalid={page.ipError ? 'true' : undefined}
          aria-describedby={page.ipError ? 'blocks-ip-error' : undefined}
        />
        {page.ipError ? (
          <p class="field-error" id="blocks-ip-error">
            {page.ipError}
          </p>
        ) : null}
      </div>
      <div class="field">
        <label for="blocks-kind">Kind</label>
        <select id="blocks-kind" name="kind">
          <option value="all" selected={kind === 'all'}>
            Manual and automatic
          </option>
          <option value="manual" selected={kind === 'manual'}>
            Manual
          </option>
          <option value="strike" selected={kind === 'strike'}>
            Automatic
          </option>
        </select>
      </div>
      <FilterActions resetHref={action} />
    </form>
  );
}

/** Manual blocks say who and why; automatic ones which rule fired (SEC-2). */
function BlockReason({ block }: { block: IpBlockListing }) {
  if (block.kind === 'manual') return <span class="block-reason">{block.reason ?? 'No reason given'}</span>;
  return (
    <span class="block-reason">
      {strikeRuleLabel[block.rule ?? ''] ?? 'Automatic'}
      <span class="cell-sub">{block.reason}</span>
    </span>
  );
}

function Ends({ block, state }: { block: IpBlockListing; state: BlockListState }) {
  if (block.liftedAt) {
    return (
      <span>
        Lifted {dateTime(block.liftedAt)}
        {block.liftedByName ? ` by ${block.liftedByName}` : ''}
      </span>
    );
  }
  if (block.expiresAt === null) return <span>Never (until unblocked)</span>;
  return (
    <span>{state === 'history' ? `Ended ${dateTime(block.expiresAt)}` : dateTime(block.expiresAt)}</span>
  );
}

function BlockRow({ block, props }: { block: IpBlockListing; props: BlocksViewProps }) {
  const { base, query, state } = props;
  // The post carries the list's query, so the answer shows the same list.
  const unblock = listUrl(`${base}/blocks/${block.id}/unblock`, query);
  return (
    <tr id={`block-${block.id}`}>
      <td class="card-title-cell">
        <span class="cell-title">
          <span class="mono">{block.ip}</span>
          <span class={block.kind === 'manual' ? 'pill pill-danger' : 'pill pill-warning'}>
            {block.kind === 'manual' ? 'Manual' : 'Automatic'}
          </span>
        </span>
      </td>
      <td class="card-wide" data-label="Reason">
        <BlockReason block={block} />
      </td>
      <td data-label="By">
        {block.kind === 'manual' ? (block.createdByName ?? 'A removed user') : 'Automatic'}
      </td>
      <td data-label="Blocked">{dateTime(block.createdAt)}</td>
      <td data-label={state === 'history' ? 'Ended' : 'Ends'}>
        <Ends block={block} state={state} />
      </td>
      <td class="cell-actions">
        {block.conversationId ? (
          <a class="button button-small button-quiet" href={`${base}/chats/${block.conversationId}`}>
            Open chat
          </a>
        ) : null}
        {state === 'active' ? (
          <form
            method="post"
            action={unblock}
            hx-post={unblock}
            hx-target="#blocks-body"
            hx-swap="outerHTML"
            hx-confirm={`Unblock ${block.ip}? It can reach every page again at once.`}
          >
            <button type="submit" class="button button-small">
              Unblock<span class="visually-hidden"> {block.ip}</span>
            </button>
          </form>
        ) : null}
      </td>
    </tr>
  );
}

function BlocksTable(props: BlocksViewProps) {
  const { rows } = props.page;
  if (rows.length === 0) {
    return (
      <div class="card empty-state">
        <p>
          {props.state === 'active'
            ? 'No address is blocked right now.'
            : 'No lifted or ended blocks match these filters.'}
        </p>
      </div>
    );
  }
  return (
    <div class="table-wrap">
      <table class="table table-cards" id="blocks-table">
        <TableHead
          columns={[
            { label: 'Address' },
            { label: 'Reason' },
            { label: 'By' },
            { label: 'Blocked' },
            { label: props.state === 'history' ? 'Ended' : 'Ends' },
            { label: 'Actions', visuallyHidden: true },
          ]}
        />
        <tbody>
          {rows.map((block) => (
            <BlockRow block={block} props={props} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddBlockForm({ base, query, form }: BlocksViewProps) {
  const action = blocksUrl(base, query, { after: undefined });
  const errors = form?.errors ?? {};
  const values = form?.values ?? {};
  return (
    <details class="card add-block" open={form ? true : undefined}>
      <summary>Block an address</summary>
      <form
        class="add-block-form"
        method="post"
        action={action}
        hx-post={action}
        hx-target="#blocks-body"
        hx-swap="outerHTML"
      >
        <TextField
          id="block-ip"
          name="ip"
          label="IP address"
          value={values.ip ?? ''}
          error={errors.ip}
          maxlength={64}
          autocomplete="off"
          placeholder="203.0.113.7 or 2001:db8::7"
        />
        <TextArea
          id="block-reason"
          name="reason"
          label="Reason"
          hint="Kept with your name and the time. Never your own address, nor one staff are signed in from."
          rows={2}
          maxlength={500}
          value={values.reason ?? ''}
          error={errors.reason}
        />
        <div class="form-actions">
          <button type="submit" class="button button-danger">
            Block address
          </button>
        </div>
      </form>
    </details>
  );
}

/** Everything below the page header: what filters, tabs, pages and posts replace. */
export function BlocksBody(props: BlocksViewProps) {
  const { base, query, page, notice } = props;
  return (
    <div id="blocks-body" class="blocks-body">
      {notice ? <FormNotice kind={notice.kind}>{notice.text}</FormNotice> : null}
      <AddBlockForm {...props} />
      <Filters {...props} />
      <StateTabs {...props} />
      {page.ipError ? null : <BlocksTable {...props} />}
      <KeysetPager path={`${base}/blocks`} query={query} nextCursor={page.nextCursor} swap={region} />
    </div>
  );
}

export function BlocksPage(props: BlocksViewProps & { user: ShellUser }) {
  return (
    <AppShell title="Blocked addresses" user={props.user} currentPath={`${props.base}/blocks`}>
      <div class="page-header">
        <div>
          <h1>Blocked addresses</h1>
          <p class="muted">
            A blocked address gets a bare 403 on every page and socket. Manual blocks last until lifted;
            automatic ones end by themselves.
          </p>
        </div>
      </div>
      <BlocksBody {...props} />
    </AppShell>
  );
}

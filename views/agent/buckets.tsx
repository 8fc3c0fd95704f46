import { BUCKET_COUNT_CAP, type BucketRowData, type BucketTab } from '../../src/agent/agent-console.ts';
import type { Bucket } from '../../src/conversations/conversation.ts';
import { conversationPreviewId, conversationRowId } from '../dom-ids.ts';
import { agentEvents, agentIds } from './agent-dom-ids.ts';

export const bucketLabel: Record<Bucket, string> = {
  active: 'Active',
  offline: 'Offline',
  closed: 'Closed',
  unassigned: 'Unassigned',
  others: 'Others',
};

const listUrl = (bucket: Bucket) => `/agent/buckets?bucket=${bucket}`;

/**
 * AGENT-1 tabs with live counts and red unread badges. Re-fetched (outerHTML) when the inbox
 * changes; `#unread-total` and `#active-count` feed the title, badge and ping (static/agent/console.js).
 */
export function BucketNav({
  tabs,
  current,
  oob = false,
}: {
  tabs: BucketTab[];
  current: Bucket;
  oob?: boolean;
}) {
  const unreadTotal = tabs.filter((t) => t.bucket !== 'others').reduce((sum, t) => sum + t.unread, 0);
  const active = tabs.find((t) => t.bucket === 'active')?.count ?? 0;
  return (
    <nav
      id={agentIds.bucketNav}
      class="bucket-nav"
      aria-label="Buckets"
      hx-get={`/agent/buckets/nav?bucket=${current}`}
      hx-trigger={`${agentEvents.inboxChanged} from:body delay:250ms`}
      hx-swap="outerHTML"
      hx-swap-oob={oob ? 'true' : undefined}
    >
      <span id={agentIds.unreadTotal} data-count={unreadTotal} hidden />
      <span id={agentIds.activeCount} data-count={active} hidden />
      <ul>
        {tabs.map((tab) => (
          <li>
            <a
              href={`/agent?bucket=${tab.bucket}`}
              hx-get={listUrl(tab.bucket)}
              hx-include={`#${agentIds.search}`}
              hx-target={`#${agentIds.bucketList}`}
              hx-swap="outerHTML"
              class="bucket-tab"
              aria-current={tab.bucket === current ? 'true' : undefined}
              data-bucket={tab.bucket}
            >
              <span class="bucket-name">{bucketLabel[tab.bucket]}</span>
              <span class="bucket-meta">
                <span class="bucket-count">
                  {tab.count >= BUCKET_COUNT_CAP ? `${BUCKET_COUNT_CAP - 1}+` : tab.count}
                </span>
                {tab.bucket !== 'others' ? <UnreadBadge count={tab.unread} /> : null}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The red unread count of a tab or a row; nothing at zero. */
function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span class="badge badge-unread">
      {count}
      <span class="visually-hidden"> unread</span>
    </span>
  );
}

/** AGENT-2: debounced search; autofill and password managers are kept off this field. */
export function BucketSearch({ bucket, query }: { bucket: Bucket; query: string }) {
  return (
    <search class="inbox-search">
      <label for={agentIds.search} class="visually-hidden">
        Search chats: a name or email by its beginning, a phone by its end
      </label>
      <input
        id={agentIds.search}
        type="search"
        name="q"
        value={query}
        placeholder="Start of name or email, end of phone"
        autocomplete="off"
        autocapitalize="off"
        spellcheck={false}
        data-1p-ignore="true"
        data-lpignore="true"
        data-bwignore="true"
        data-form-type="other"
        hx-get="/agent/buckets"
        hx-trigger="input changed delay:300ms, search"
        hx-include={`#${agentIds.currentBucket}`}
        hx-target={`#${agentIds.bucketList}`}
        hx-swap="outerHTML"
        data-bucket={bucket}
      />
    </search>
  );
}

export interface BucketListProps {
  bucket: Bucket;
  query: string;
  rows: BucketRowData[];
  /** Keyset cursor of the next page, or null at the end. */
  next: string | null;
  openId?: string;
}

/** One bucket: the first page of rows and a sentinel that loads the next page when revealed. */
export function BucketList(props: BucketListProps) {
  return (
    <div id={agentIds.bucketList} class="bucket-list" data-bucket={props.bucket}>
      <input type="hidden" id={agentIds.currentBucket} name="bucket" value={props.bucket} />
      {props.rows.length === 0 ? (
        <p class="bucket-empty muted">{props.query ? 'No chats match your search.' : 'No chats here.'}</p>
      ) : null}
      <ul class="bucket-rows" aria-label={`${bucketLabel[props.bucket]} chats`}>
        <BucketPage {...props} />
      </ul>
    </div>
  );
}

/** Rows plus the next sentinel: the answer to a "more" request swaps in place of the old sentinel. */
export function BucketPage({ bucket, query, rows, next, openId }: BucketListProps) {
  const params = next ? new URLSearchParams({ bucket, q: query, after: next }) : undefined;
  return (
    <>
      {rows.map((row) => (
        <>
          {row.startsLeftGroup ? <LeftGroupDivider /> : null}
          <BucketRow
            row={row}
            open={row.id === openId}
            waiting={bucket === 'unassigned' && !row.visitorLeft}
          />
        </>
      ))}
      {params ? (
        <li class="bucket-more" hx-get={`/agent/buckets?${params}`} hx-trigger="revealed" hx-swap="outerHTML">
          <span class="muted small">Loading more…</span>
        </li>
      ) : null}
    </>
  );
}

/**
 * ROUTE-1 (ADR 0037): in Unassigned, the chats released after their visitor left follow the
 * waiting visitors, under this divider, so an agent picks up the person who is on the page.
 */
function LeftGroupDivider() {
  return (
    <li class="bucket-divider">
      <span class="bucket-divider-title">Visitor left</span>
      <span class="bucket-divider-note">
        These visitors are no longer on the page: they are routed again when they write.
      </span>
    </li>
  );
}

export function BucketRow({
  row,
  open = false,
  waiting = false,
}: {
  row: BucketRowData;
  open?: boolean;
  /** An Unassigned visitor who is on the page now, waiting for an agent. */
  waiting?: boolean;
}) {
  return (
    <li
      id={conversationRowId(row.id)}
      class={`bucket-row${row.visitorLeft ? ' bucket-row-left' : ''}`}
      data-conversation-id={row.id}
      data-unread={row.unread}
    >
      <a
        href={`/agent?chat=${row.id}`}
        hx-get={`/agent/conversations/${row.id}`}
        hx-target={`#${agentIds.chatPane}`}
        class="bucket-row-link"
        aria-current={open ? 'true' : undefined}
      >
        <span class="bucket-row-top">
          <span class="bucket-row-name" data-visitor-name="">
            {row.visitorName ?? 'Visitor'}
          </span>
          {waiting ? <span class="bucket-flag bucket-flag-waiting">Waiting</span> : null}
          {row.visitorLeft ? <span class="bucket-flag bucket-flag-left">Left</span> : null}
          {row.starred ? (
            <span class="bucket-row-star" title="Starred">
              ★<span class="visually-hidden"> starred</span>
            </span>
          ) : null}
          {row.holderName ? <span class="bucket-row-holder">with {row.holderName}</span> : null}
          <time class="bucket-row-time" datetime={row.lastMessageAt}>
            {row.updatedLabel}
          </time>
        </span>
        <span class="bucket-row-bottom">
          <span id={conversationPreviewId(row.id)} class="bucket-row-preview">
            {row.preview ?? row.visitorPhone ?? ''}
          </span>
          <UnreadBadge count={row.unread} />
        </span>
      </a>
    </li>
  );
}

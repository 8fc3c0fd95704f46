import { contactSearch } from '../conversations/contact-search.ts';
import type { Conversation } from '../conversations/conversation.ts';
import {
  type ConversationRow,
  conversationRowToConversation,
  searchKeyCondition,
  searchKeyUse,
} from '../conversations/conversations.queries.ts';
import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import {
  BUCKET_COUNT_CAP,
  BUCKET_PAGE_SIZE,
  type BucketCursor,
  type BucketQuery,
  type UnassignedSection,
} from './agent-console.ts';

/**
 * The agent's buckets (AGENT-1, ROUTE-1). Every page is one index walk in order on
 * conversations_bucket_ix (status, assignee_id, last_message_at, id): each query has one status
 * and one holder condition, so no page ever sorts (ADR 0037). A search (a name or email by its
 * beginning, a phone by its end) with a rare key reads that key's (status, assignee_id, key)
 * index instead and sorts only its matches; a common key is checked along the bucket's own walk
 * (ADR 0038, 0048).
 */

/** Key matches beyond which a bucket walks its order rather than sorting them (ADR 0048). */
const SEARCH_SORT_LIMIT = 1_000;

type KeyUse = 'seek' | 'filter';

function sectionFilter({ bucket, viewerId }: BucketQuery, section: UnassignedSection) {
  if (bucket === 'unassigned') return { statuses: [section === 'left' ? 'offline' : 'unassigned'] };
  if (bucket === 'others') return { statuses: ['active', 'offline'] };
  return { statuses: [bucket], assigneeId: viewerId };
}

function bucketQuery(db: Db, query: BucketQuery, section: UnassignedSection, keyUse: KeyUse) {
  const { bucket, viewerId } = query;
  let qb = db.selectFrom('conversations');
  if (bucket === 'unassigned') {
    qb = qb
      .where('status', '=', section === 'left' ? 'offline' : 'unassigned')
      .where('assignee_id', 'is', null);
  } else if (bucket === 'others') {
    qb = qb
      .where('assignee_id', 'is not', null)
      .where('assignee_id', '<>', viewerId)
      .where('status', 'in', ['active', 'offline']);
  } else {
    qb = qb.where('assignee_id', '=', viewerId).where('status', '=', bucket);
  }
  const search = contactSearch(query.search);
  return search ? qb.where(searchKeyCondition(search, keyUse)) : qb;
}

/** Seek a rare key's index, or check a common key along the section's walk (ADR 0048). */
function keyUseOf(db: Db, query: BucketQuery, section: UnassignedSection): Promise<KeyUse> {
  const search = contactSearch(query.search);
  return search
    ? searchKeyUse(db, search, sectionFilter(query, section), SEARCH_SORT_LIMIT)
    : Promise.resolve('seek');
}

/** "Before the first row of a section": every real (last_message_at, id) sorts below it. */
const SECTION_START = { lastMessageAt: '9999-12-31T23:59:59.999Z', id: 'z'.repeat(26) };

interface Page {
  items: Conversation[];
  next: BucketCursor | null;
}

/** One keyset page of one section, with a leading range so the walk seeks (TECH-NOTES). */
async function sectionPage(
  db: Db,
  query: BucketQuery,
  section: UnassignedSection,
  after: BucketCursor | undefined,
  size: number,
): Promise<Page> {
  const keyUse = await keyUseOf(db, query, section);
  let qb = bucketQuery(db, query, section, keyUse).selectAll();
  if (after) {
    const at = after.lastMessageAt;
    // A seek ranges over its key; a leading `<=` would let a planner walk the bucket instead.
    qb =
      query.search?.trim() && keyUse === 'seek'
        ? qb.where((eb) =>
            eb.or([
              eb('last_message_at', '<', at),
              eb.and([eb('last_message_at', '=', at), eb('id', '<', after.id)]),
            ]),
          )
        : qb.where((eb) =>
            eb.and([
              eb('last_message_at', '<=', at),
              eb.or([eb('last_message_at', '<', at), eb('id', '<', after.id)]),
            ]),
          );
  }
  const rows: ConversationRow[] = await firstRows(
    db,
    qb.orderBy('last_message_at', 'desc').orderBy('id', 'desc'),
    size + 1,
  ).execute();
  const items = rows.slice(0, size).map(conversationRowToConversation);
  if (rows.length <= size) return { items, next: null };
  const last = items.at(-1) ?? SECTION_START;
  const position = { lastMessageAt: last.lastMessageAt, id: last.id };
  return { items, next: section === 'left' ? { ...position, section } : position };
}

/**
 * One bucket page by keyset (last_message_at DESC, id DESC): same speed at any depth, no skipped
 * rows. Unassigned pages run through the waiting visitors first, then those who left.
 */
export async function listBucket(
  db: Db,
  query: BucketQuery & { after?: BucketCursor; pageSize?: number },
): Promise<Page> {
  const size = query.pageSize ?? BUCKET_PAGE_SIZE;
  if (query.bucket !== 'unassigned') return sectionPage(db, query, 'waiting', query.after, size);
  if (query.after?.section === 'left') return sectionPage(db, query, 'left', query.after, size);
  const waiting = await sectionPage(db, query, 'waiting', query.after, size);
  if (waiting.next) return waiting;
  // The rest of the page from the left ones; a page that ends exactly at the last waiting
  // visitor gets a cursor at the start of the left group (SECTION_START).
  const left = await sectionPage(db, query, 'left', undefined, size - waiting.items.length);
  return { items: [...waiting.items, ...left.items], next: left.next };
}

/**
 * A tab's count, counted up to BUCKET_COUNT_CAP: the tabs refresh on every inbox change, and an
 * Unassigned group of released chats can hold hundreds of thousands (13 ms to count 190,000 at
 * 1,000,000 rows, 0.2 ms capped; ADR 0037). The tab shows "999+" beyond it.
 */
export async function countBucket(db: Db, query: BucketQuery): Promise<number> {
  const sections: UnassignedSection[] = query.bucket === 'unassigned' ? ['waiting', 'left'] : ['waiting'];
  const counts = await Promise.all(
    sections.map(async (section) => {
      // A count reads the key's bucket index, whose entries hold the status and holder it checks;
      // Others (any holder but the viewer) walks its few rows when the key is common.
      const keyUse = query.bucket === 'others' ? await keyUseOf(db, query, section) : 'seek';
      const capped = firstRows(db, bucketQuery(db, query, section, keyUse).select('id'), BUCKET_COUNT_CAP);
      return db
        .selectFrom(capped.as('capped'))
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
    }),
  );
  return Math.min(
    BUCKET_COUNT_CAP,
    counts.reduce((sum, row) => sum + Number(row.count), 0),
  );
}

import { BUCKETS, type Bucket } from '../conversations/conversation.ts';
import type { Deps } from '../deps.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { listStarredAmong } from '../stars/stars.queries.ts';
import { countUnreadOf, listUnreadCounts, listUserNames } from './agent-console.queries.ts';
import type { BucketRowData, BucketTab } from './agent-console.ts';
import { decodeBucketCursor, encodeBucketCursor, updatedLabel } from './bucket-cursor.ts';
import { countBucket, listBucket } from './buckets.queries.ts';

/** AGENT-1: every bucket's count and unread total, for the tabs and the "(N) Agent Console" title. */
export async function bucketTabs(deps: Pick<Deps, 'db'>, userId: string): Promise<BucketTab[]> {
  const [unread, counts] = await Promise.all([
    listUnreadCounts(deps.db, userId),
    Promise.all(BUCKETS.map((bucket) => countBucket(deps.db, { bucket, viewerId: userId }))),
  ]);
  return BUCKETS.map((bucket, i) => ({
    bucket,
    count: counts[i] ?? 0,
    // Unread only counts for chats the agent holds; their status is the bucket they are in.
    unread: unread.filter((u) => u.status === bucket).reduce((sum, u) => sum + u.unread, 0),
  }));
}

export interface BucketPageResult {
  rows: BucketRowData[];
  next: string | null;
}

/** One keyset page of a bucket (20 rows), with unread badges and the agent's own stars. */
export async function bucketPage(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { userId: string; bucket: Bucket; search: string; after?: string },
): Promise<Result<BucketPageResult, 'bad_cursor'>> {
  const after = input.after ? decodeBucketCursor(input.after) : undefined;
  if (input.after && !after) return fail('bad_cursor');
  const page = await listBucket(deps.db, {
    bucket: input.bucket,
    viewerId: input.userId,
    search: input.search,
    after,
  });
  const held = input.bucket === 'active' || input.bucket === 'offline';
  const ids = page.items.map((c) => c.id);
  const holderIds =
    input.bucket === 'others' ? page.items.flatMap((c) => (c.assigneeId ? [c.assigneeId] : [])) : [];
  const [starred, unread, holders] = await Promise.all([
    listStarredAmong(deps.db, input.userId, ids),
    held ? countUnreadOf(deps.db, ids) : new Map<string, number>(),
    listUserNames(deps.db, holderIds),
  ]);
  const now = deps.clock.now();
  // A page that starts among the visitors who left continues their group: no second divider.
  let previousLeft = after?.section === 'left';
  const rows = page.items.map((c) => {
    const visitorLeft = input.bucket === 'unassigned' && c.status === 'offline';
    const startsLeftGroup = visitorLeft && !previousLeft;
    previousLeft = visitorLeft;
    return {
      id: c.id,
      visitorName: c.visitorName,
      visitorPhone: c.visitorPhone,
      lastMessageAt: c.lastMessageAt,
      updatedLabel: updatedLabel(c.lastMessageAt, now),
      preview: c.lastMessagePreview,
      unread: unread.get(c.id) ?? 0,
      starred: starred.has(c.id),
      // Others: whose chat it is, a teammate or the AI agent (AI-6), by the holder's own name.
      holderName: input.bucket === 'others' && c.assigneeId ? (holders.get(c.assigneeId) ?? null) : null,
      visitorLeft,
      startsLeftGroup,
    };
  });
  return ok({ rows, next: page.next ? encodeBucketCursor(page.next) : null });
}

import type { Deps } from '../deps.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { ConversationState } from './conversation-state.queries.ts';
import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor.ts';
import type { HistoryPage } from './message.ts';
import { listMessagesAfterSeq, listRecentMessages } from './messages.queries.ts';

export type HistoryQuery = { before?: string; afterSeq?: number; limit: number };

/** A page of history for a conversation the caller may already watch (VIS-4, RT-3). */
export async function loadHistory(
  deps: Pick<Deps, 'db'>,
  conversation: ConversationState,
  query: HistoryQuery,
): Promise<Result<HistoryPage, 'bad_cursor'>> {
  const { id, lastSeq, visitorDeliveredSeq, visitorReadSeq, staffDeliveredSeq, staffReadSeq } = conversation;
  const receipts = { visitorDeliveredSeq, visitorReadSeq, staffDeliveredSeq, staffReadSeq };
  if (query.afterSeq !== undefined) {
    const messages = await listMessagesAfterSeq(deps.db, id, query.afterSeq, query.limit);
    return ok({ messages, olderCursor: null, lastSeq, receipts });
  }
  const before = query.before === undefined ? undefined : decodeHistoryCursor(query.before);
  if (query.before !== undefined && !before) return fail('bad_cursor');
  const newestFirst = await listRecentMessages(deps.db, id, { before, limit: query.limit });
  const oldest = newestFirst.at(-1);
  const olderCursor =
    oldest && newestFirst.length === query.limit ? encodeHistoryCursor({ seq: oldest.seq }) : null;
  return ok({ messages: newestFirst.reverse(), olderCursor, lastSeq, receipts });
}

import type { Selectable } from 'kysely';
import type { ConversationStatus } from '../conversations/conversation.ts';
import type { Db, MessagesTable } from '../db/database.ts';
import { chunksOf, firstRows } from '../db/dialect.ts';
import type { HistoryCursor } from './history-cursor.ts';
import { HISTORY_PAGE, type Message, type SenderKind, type SendGuard } from './message.ts';

export type MessageRow = Selectable<MessagesTable>;

export function messageRowToMessage(row: MessageRow & { sender_name?: string | null }): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    senderKind: row.sender_kind as SenderKind,
    senderUserId: row.sender_user_id,
    senderName: row.sender_name ?? null,
    clientMessageId: row.client_message_id,
    body: row.body,
    replyToId: row.reply_to_id,
    attachmentId: row.attachment_id,
    createdAt: row.created_at,
  };
}

/** Sender display names come from users; visitors and the AI have none stored per message. */
function selectMessages(db: Db) {
  return db
    .selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.sender_user_id')
    .selectAll('messages')
    .select('users.display_name as sender_name');
}

export async function findMessageByClientId(
  db: Db,
  conversationId: string,
  clientMessageId: string,
): Promise<Message | undefined> {
  const row = await selectMessages(db)
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.client_message_id', '=', clientMessageId)
    .executeTakeFirst();
  return row ? messageRowToMessage(row) : undefined;
}

/**
 * Which of these (conversation, client id) pairs are already stored (idempotent sends). One
 * index probe per pair (an OR of exact pairs: two IN lists would probe their cross product).
 */
export async function findMessagesByClientIds(
  db: Db,
  keys: ReadonlyArray<{ conversationId: string; clientMessageId: string }>,
): Promise<Message[]> {
  if (keys.length === 0) return [];
  const rows = await selectMessages(db)
    .where((eb) =>
      eb.or(
        keys.map((key) =>
          eb.and([
            eb('messages.conversation_id', '=', key.conversationId),
            eb('messages.client_message_id', '=', key.clientMessageId),
          ]),
        ),
      ),
    )
    .execute();
  return rows.map(messageRowToMessage);
}

/**
 * Reserves the next `count` sequence numbers of a conversation: an atomic increment that
 * row-locks the conversation until the transaction ends (PostgreSQL/SQL Server) or runs inside
 * SQLite's single writer, so two senders never get the same number. False when the row is
 * missing, closed (with `openOnly`) or the guard does not hold. Read the new value with
 * `listLastSeqs` in the same transaction.
 */
export async function advanceSeq(
  db: Db,
  conversationId: string,
  claim: { count: number; now: string; preview: string; openOnly: boolean; guard?: SendGuard },
): Promise<boolean> {
  let query = db
    .updateTable('conversations')
    .set((eb) => ({
      last_seq: eb('last_seq', '+', claim.count),
      last_message_at: claim.now,
      last_message_preview: claim.preview,
      updated_at: claim.now,
    }))
    .where('id', '=', conversationId);
  if (claim.openOnly) query = query.where('status', '<>', 'closed');
  // The sender's right to write, checked in the same atomic statement (no read first, no race).
  if (claim.guard?.assigneeId) query = query.where('assignee_id', '=', claim.guard.assigneeId);
  if (claim.guard?.visitorId) query = query.where('visitor_id', '=', claim.guard.visitorId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The current last sequence of each conversation (one statement for a whole batch). */
export async function listLastSeqs(
  db: Db,
  conversationIds: readonly string[],
): Promise<Map<string, { lastSeq: number; status: ConversationStatus; assigneeId: string | null }>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('conversations')
    .select(['id', 'last_seq', 'status', 'assignee_id'])
    .where('id', 'in', [...new Set(conversationIds)])
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        lastSeq: Number(row.last_seq),
        status: row.status as ConversationStatus,
        assigneeId: row.assignee_id,
      },
    ]),
  );
}

export interface NewMessage {
  id: string;
  conversationId: string;
  seq: number;
  senderKind: SenderKind;
  senderUserId: string | null;
  clientMessageId: string;
  body: string;
  replyToId: string | null;
  attachmentId: string | null;
  now: string;
}

/** SQL Server takes at most 2,100 parameters per statement: 10 columns × 200 rows stays below. */
const INSERT_CHUNK = 200;

/** One multi-row INSERT per chunk: a group commit writes its whole batch in a few statements. */
export async function insertMessages(db: Db, messages: readonly NewMessage[]): Promise<void> {
  for (const chunk of chunksOf(messages, INSERT_CHUNK)) {
    const rows = chunk.map((message) => ({
      id: message.id,
      conversation_id: message.conversationId,
      seq: message.seq,
      sender_kind: message.senderKind,
      sender_user_id: message.senderUserId,
      client_message_id: message.clientMessageId,
      body: message.body,
      reply_to_id: message.replyToId,
      attachment_id: message.attachmentId,
      created_at: message.now,
    }));
    await db.insertInto('messages').values(rows).execute();
  }
}

/**
 * Newest first, keyset on the sequence (VIS-4, PERF-1) over `messages_seq_uq`: `before` is the last row of
 * the previous page. Never OFFSET: every page costs the same at any depth.
 */
export async function listRecentMessages(
  db: Db,
  conversationId: string,
  options: { before?: HistoryCursor; limit?: number } = {},
): Promise<Message[]> {
  const { before, limit = HISTORY_PAGE } = options;
  let query = selectMessages(db)
    .where('messages.conversation_id', '=', conversationId)
    .orderBy('messages.seq', 'desc');
  if (before) query = query.where('messages.seq', '<', before.seq);
  const rows = await firstRows(db, query, limit).execute();
  return rows.map(messageRowToMessage);
}

/** Catch-up after a reconnect or a detected gap (RT-3): everything after `seq`, oldest first. */
export async function listMessagesAfterSeq(
  db: Db,
  conversationId: string,
  seq: number,
  limit = 500,
): Promise<Message[]> {
  const query = selectMessages(db)
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.seq', '>', seq)
    .orderBy('messages.seq', 'asc');
  const rows = await firstRows(db, query, limit).execute();
  return rows.map(messageRowToMessage);
}

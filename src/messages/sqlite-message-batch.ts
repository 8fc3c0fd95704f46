import type { Database as BunSqlite } from 'bun:sqlite';
import type { ConversationStatus } from '../conversations/conversation.ts';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/dialect.ts';
import {
  type BatchWrite,
  type MessageDraft,
  previewOf,
  toMessage,
  type WriteOutcome,
} from './message-draft.ts';
import { type MessageRow, messageRowToMessage } from './messages.queries.ts';

/*
 * The SQLite write path of the group commit (PERF-3, ADR 0012). The same rules as the Kysely batch
 * in message-writer.ts, as two or three precompiled statements per draft run synchronously inside one
 * transaction: building SQL with Kysely per batch cost more CPU than the writes themselves, and
 * an embedded database has no round trip to save by merging statements. Bun caches each
 * statement by its text (`Database#query`), so every shape below is compiled once per connection.
 */

const FIND_BY_CLIENT_ID = `
  select m.*, u.display_name as sender_name
  from messages m left join users u on u.id = m.sender_user_id
  where m.conversation_id = ? and m.client_message_id = ?`;

const INSERT_MESSAGE = `
  insert into messages
    (id, conversation_id, seq, sender_kind, sender_user_id, client_message_id, body, reply_to_id, attachment_id, created_at)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The atomic seq reservation with the sender's rights as conditions (as `advanceSeq`). */
function advanceSeqSql(draft: MessageDraft): string {
  return [
    'update conversations set last_seq = last_seq + 1, last_message_at = ?, last_message_preview = ?, updated_at = ?',
    'where id = ?',
    draft.openOnly ? "and status <> 'closed'" : '',
    draft.guard?.assigneeId ? 'and assignee_id = ?' : '',
    draft.guard?.visitorId ? 'and visitor_id = ?' : '',
    'returning last_seq, status, assignee_id',
  ].join(' ');
}

function writeDraft(raw: BunSqlite, draft: MessageDraft, lookup: boolean): WriteOutcome {
  const stored = lookup
    ? raw
        .query<MessageRow & { sender_name: string | null }, [string, string]>(FIND_BY_CLIENT_ID)
        .get(draft.conversationId, draft.clientMessageId)
    : null;
  if (stored) return { kind: 'existing', message: messageRowToMessage(stored) };
  const rights = [draft.guard?.assigneeId, draft.guard?.visitorId].filter((v): v is string => Boolean(v));
  const advanced = raw
    .query<{ last_seq: number; status: ConversationStatus; assignee_id: string | null }, string[]>(
      advanceSeqSql(draft),
    )
    .get(draft.now, previewOf(draft), draft.now, draft.conversationId, ...rights);
  if (!advanced) return { kind: 'refused' };
  const seq = Number(advanced.last_seq);
  raw
    .query(INSERT_MESSAGE)
    .run(
      draft.id,
      draft.conversationId,
      seq,
      draft.senderKind,
      draft.senderUserId,
      draft.clientMessageId,
      draft.body,
      draft.replyToId,
      draft.attachmentId,
      draft.now,
    );
  return {
    kind: 'created',
    message: toMessage(draft, seq),
    conversationStatus: advanced.status,
    assigneeId: advanced.assignee_id,
  };
}

/**
 * Holds Kysely's connection while it writes, so the batch never runs inside (or across) a Kysely
 * transaction that is awaiting something on the same connection. Retries are rare, so a batch
 * first goes without looking its client ids up (a read per message, PERF-3); when the unique index
 * refuses a repeat, the transaction rolls back (nothing stored) and the batch is redone with it.
 */
export function sqliteBatchWrite(db: Db, raw: BunSqlite): BatchWrite {
  const writeAll = raw.transaction((drafts: readonly MessageDraft[], lookup: boolean) =>
    drafts.map((draft) => writeDraft(raw, draft, lookup)),
  );
  return (drafts) =>
    db.connection().execute(async () => {
      try {
        return writeAll(drafts, false);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return writeAll(drafts, true);
      }
    });
}

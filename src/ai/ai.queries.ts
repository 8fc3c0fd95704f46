import type { ConversationStatus } from '../conversations/conversation.ts';
import { fromStatuses, nextStatus, OPEN_STATUSES } from '../conversations/conversation.ts';
import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import { AI_AGENT_ID } from './ai-agent.ts';

/**
 * The AI agent's conversation queries (docs/decisions/0025). Every change of holder is a
 * compare-and-set on (status, assignee) taken from the one state machine (conversation.ts), so
 * the AI and routing, on any instance, never both win a chat.
 */

/** AI-2: the AI takes a waiting, unheld chat that is not flagged `ai_never`; true when it did. */
export async function claimConversationForAi(db: Db, claim: { id: string; now: string }): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({
      status: 'active',
      assignee_id: AI_AGENT_ID,
      assigned_at: claim.now,
      queued_at: null,
      ai_active: 1,
      updated_at: claim.now,
    })
    .where('id', '=', claim.id)
    .where('status', 'in', fromStatuses('assign'))
    .where('assignee_id', 'is', null)
    .where('ai_never', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The AI lets go of a chat it holds (the `release` transition: a present visitor waits in the
 * queue again, with a fresh queue time). False when the AI no longer holds it as read.
 */
export async function releaseAiConversation(
  db: Db,
  release: { id: string; from: ConversationStatus; now: string },
): Promise<ConversationStatus | undefined> {
  const to = nextStatus('release', { status: release.from, assigneeId: AI_AGENT_ID });
  if (!to) return undefined;
  const result = await db
    .updateTable('conversations')
    .set({
      status: to,
      assignee_id: null,
      ...(to === 'unassigned' ? { queued_at: release.now } : {}),
      updated_at: release.now,
    })
    .where('id', '=', release.id)
    .where('status', '=', release.from)
    .where('assignee_id', '=', AI_AGENT_ID)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? to : undefined;
}

/** AI-4: the AI never takes this chat again, whoever holds it now. */
export async function flagAiNever(db: Db, conversationId: string): Promise<void> {
  await db.updateTable('conversations').set({ ai_never: 1 }).where('id', '=', conversationId).execute();
}

/** The AI's replies in one chat (the per-conversation reply cap). */
export async function countAiReplies(db: Db, conversationId: string): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('conversation_id', '=', conversationId)
    .where('sender_kind', '=', 'ai')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The AI's replies to one visitor across their chats since `since` (the per-visitor rate limit). */
export async function countAiRepliesToVisitor(db: Db, visitorId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.visitor_id', '=', visitorId)
    .where('m.sender_kind', '=', 'ai')
    .where('m.created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest visitor message of a chat (walks the sequence index backwards; usually one row). */
export async function findNewestVisitorSeq(db: Db, conversationId: string): Promise<number | null> {
  const qb = db
    .selectFrom('messages')
    .select('seq')
    .where('conversation_id', '=', conversationId)
    .where('sender_kind', '=', 'visitor')
    .orderBy('seq', 'desc');
  const row = await firstRows(db, qb, 1).executeTakeFirst();
  return row ? Number(row.seq) : null;
}

/** Whether the newest message of the chat is the visitor's (one the AI has not answered). */
export async function isNewestMessageFromVisitor(db: Db, conversationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('conversations as c')
    .innerJoin('messages as m', (join) =>
      join.onRef('m.conversation_id', '=', 'c.id').onRef('m.seq', '=', 'c.last_seq'),
    )
    .select('m.sender_kind')
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  return row?.sender_kind === 'visitor';
}

/** A person (agent or admin) wrote in the chat since `since`: the AI must not talk over them. */
export async function hasHumanMessageSince(db: Db, conversationId: string, since: string): Promise<boolean> {
  const qb = db
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', conversationId)
    .where('created_at', '>=', since)
    .where('sender_kind', 'in', ['agent', 'admin']);
  return (await firstRows(db, qb, 1).executeTakeFirst()) !== undefined;
}

/** Open chats the AI holds (the conversations_assignee_ix prefix). */
function aiHeld(db: Db) {
  return db
    .selectFrom('conversations as c')
    .where('c.assignee_id', '=', AI_AGENT_ID)
    .where('c.status', 'in', [...OPEN_STATUSES]);
}

/**
 * AI-2 handover candidates: chats the AI holds whose newest message is not the visitor's (the
 * AI is not composing: a turn boundary), or that have no message yet; oldest assignment first.
 */
export async function listAiIdleChatIds(db: Db, count: number): Promise<string[]> {
  const qb = aiHeld(db)
    .leftJoin('messages as m', (join) =>
      join.onRef('m.conversation_id', '=', 'c.id').onRef('m.seq', '=', 'c.last_seq'),
    )
    .select('c.id')
    .where('c.status', '=', 'active')
    .where((eb) => eb.or([eb('m.sender_kind', 'is', null), eb('m.sender_kind', '<>', 'visitor')]))
    .orderBy('c.assigned_at', 'asc')
    .orderBy('c.id', 'asc');
  return (await firstRows(db, qb, count).execute()).map((row) => row.id);
}

/**
 * Chats the AI holds whose newest message is a visitor message older than `cutoff`: the reply
 * was lost (the instance composing it died). The conversations_assignee_ix range on
 * (assignee_id, status, last_message_at) finds them without reading any other chat.
 */
export async function listAiUnansweredChatIds(db: Db, cutoff: string, count: number): Promise<string[]> {
  const qb = aiHeld(db)
    .innerJoin('messages as m', (join) =>
      join.onRef('m.conversation_id', '=', 'c.id').onRef('m.seq', '=', 'c.last_seq'),
    )
    .select('c.id')
    .where('c.status', '=', 'active')
    .where('c.last_message_at', '<=', cutoff)
    .where('m.sender_kind', '=', 'visitor')
    .orderBy('c.last_message_at', 'asc')
    .orderBy('c.id', 'asc');
  return (await firstRows(db, qb, count).execute()).map((row) => row.id);
}

/** Every open chat the AI holds, in id order after `afterId` (master off hands them all back). */
export async function listAiHeldChatIds(db: Db, afterId: string | null, count: number): Promise<string[]> {
  let qb = aiHeld(db).select('c.id').orderBy('c.id', 'asc');
  if (afterId !== null) qb = qb.where('c.id', '>', afterId);
  return (await firstRows(db, qb, count).execute()).map((row) => row.id);
}

export async function countAiHeldChats(db: Db): Promise<number> {
  const row = await aiHeld(db)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** AI-4: the handover summary as a lead note authored by the AI (CRM-3 notes are append-only). */
export async function insertAiNote(
  db: Db,
  note: { id: string; conversationId: string; body: string; now: string },
): Promise<void> {
  await db
    .insertInto('lead_notes')
    .values({
      id: note.id,
      conversation_id: note.conversationId,
      lead_id: null,
      author_id: AI_AGENT_ID,
      body: note.body,
      created_at: note.now,
    })
    .execute();
}

/** The AI's newest note on a chat (its handover summary), for the staff panes. */
export async function findAiNote(
  db: Db,
  conversationId: string,
): Promise<{ body: string; createdAt: string } | undefined> {
  const qb = db
    .selectFrom('lead_notes')
    .select(['body', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('author_id', '=', AI_AGENT_ID)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc');
  const row = await firstRows(db, qb, 1).executeTakeFirst();
  return row ? { body: row.body, createdAt: row.created_at } : undefined;
}

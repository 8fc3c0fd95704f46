import type { ConversationStatus } from '../conversations/conversation.ts';
import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import type { FollowUp } from './agent-console.ts';

/**
 * AGENT-7: the agent's leads whose follow-up date is today or already past, oldest first
 * (leads_assignee_follow_up_id_ix). A chat lead opens its newest chat (ids are time-ordered).
 */
export async function listFollowUpsDue(
  db: Db,
  userId: string,
  today: string,
  count: number,
): Promise<FollowUp[]> {
  const rows = await firstRows(
    db,
    db
      .selectFrom('leads')
      .select((eb) => [
        'leads.id',
        'leads.name',
        'leads.phone',
        'leads.stage',
        'leads.follow_up_on',
        eb
          .selectFrom('conversations')
          .select((inner) => inner.fn.max('conversations.id').as('id'))
          .whereRef('conversations.visitor_id', '=', 'leads.visitor_id')
          .as('conversation_id'),
      ])
      .where('leads.assignee_id', '=', userId)
      .where('leads.follow_up_on', '<=', today)
      .orderBy('leads.follow_up_on')
      .orderBy('leads.id'),
    count,
  ).execute();
  return rows.map((row) => ({
    leadId: row.id,
    conversationId: row.conversation_id ?? null,
    name: row.name,
    phone: row.phone,
    stage: row.stage,
    followUpOn: row.follow_up_on ?? today,
  }));
}

/**
 * Unread visitor messages of the agent's open chats: visitor messages above the staff read mark
 * (docs/decisions/0007). Bounded by the agent's active + offline limits, so cheap.
 */
export async function listUnreadCounts(
  db: Db,
  userId: string,
): Promise<Array<{ id: string; status: ConversationStatus; unread: number }>> {
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.conversation_id as id', 'c.status', (eb) => eb.fn.countAll<number>().as('unread')])
    .where('c.assignee_id', '=', userId)
    .where('c.status', 'in', ['active', 'offline'])
    .where('m.sender_kind', '=', 'visitor')
    .whereRef('m.seq', '>', 'c.staff_read_seq')
    .groupBy(['m.conversation_id', 'c.status'])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    status: row.status as ConversationStatus,
    unread: Number(row.unread),
  }));
}

/**
 * Unread visitor messages of a page of bucket rows, looked up by id (the rows were already
 * selected for this agent by the bucket query, so no ownership filter is repeated here).
 */
export async function countUnreadOf(db: Db, conversationIds: string[]): Promise<Map<string, number>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('conversations as c')
    .innerJoin('messages as m', 'm.conversation_id', 'c.id')
    .select(['c.id', (eb) => eb.fn.countAll<number>().as('unread')])
    .where('c.id', 'in', conversationIds)
    .where('m.sender_kind', '=', 'visitor')
    .whereRef('m.seq', '>', 'c.staff_read_seq')
    .groupBy('c.id')
    .execute();
  return new Map(rows.map((row) => [row.id, Number(row.unread)]));
}

/** Agents who could receive a transfer, before the live eligibility check (routing decides that). */
export async function listLiveChatAgentNames(
  db: Db,
  exceptUserId: string,
): Promise<Array<{ id: string; name: string }>> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('role', '=', 'agent')
    .where('is_active', '=', 1)
    .where('live_chat_enabled', '=', 1)
    .where('id', '<>', exceptUserId)
    .orderBy('display_name')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.display_name }));
}

/** Display names of these staff (or the AI agent's row), by id: the holders shown in Others. */
export async function listUserNames(db: Db, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(userIds)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

/** The quoted originals of replies (VIS-6) that are not on the page being shown. */
export async function listMessageQuotes(
  db: Db,
  conversationId: string,
  messageIds: string[],
): Promise<Array<{ id: string; body: string }>> {
  if (messageIds.length === 0) return [];
  return db
    .selectFrom('messages')
    .select(['id', 'body'])
    .where('conversation_id', '=', conversationId)
    .where('id', 'in', messageIds)
    .execute();
}

/** Stored sizes of a page's images (AGENT-3, VIS-5), by attachment id; unknown sizes are left out. */
export async function listAttachmentSizes(
  db: Db,
  conversationId: string,
  attachmentIds: string[],
): Promise<Array<{ id: string; width: number; height: number }>> {
  if (attachmentIds.length === 0) return [];
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'width', 'height'])
    .where('conversation_id', '=', conversationId)
    .where('id', 'in', attachmentIds)
    .execute();
  return rows.flatMap((row) =>
    row.width && row.height ? [{ id: row.id, width: row.width, height: row.height }] : [],
  );
}

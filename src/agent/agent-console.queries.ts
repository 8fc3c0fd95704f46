import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import type { ConversationStatus } from '../realtime/events.ts';
import type { AccessFacts } from './chat-access.ts';

export async function findConversationAccess(
  db: Db,
  conversationId: string,
): Promise<(AccessFacts & { id: string }) | undefined> {
  const row = await db
    .selectFrom('conversations')
    .select(['id', 'status', 'assignee_id'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  return row && { id: row.id, status: row.status as ConversationStatus, assigneeId: row.assignee_id };
}

export interface FollowUp {
  conversationId: string;
  visitorName: string | null;
  visitorPhone: string | null;
  leadStage: string;
  status: ConversationStatus;
  followUpOn: string;
  lastMessagePreview: string | null;
}

/** AGENT-7: the agent's leads whose follow-up date is today or already past, oldest first. */
export async function listFollowUpsDue(
  db: Db,
  userId: string,
  today: string,
  count: number,
): Promise<FollowUp[]> {
  const rows = await firstRows(
    db,
    db
      .selectFrom('conversations')
      .select([
        'id',
        'visitor_name',
        'visitor_phone',
        'lead_stage',
        'status',
        'follow_up_on',
        'last_message_preview',
      ])
      .where('assignee_id', '=', userId)
      .where('follow_up_on', '<=', today)
      .orderBy('follow_up_on')
      .orderBy('id'),
    count,
  ).execute();
  return rows.map((row) => ({
    conversationId: row.id,
    visitorName: row.visitor_name,
    visitorPhone: row.visitor_phone,
    leadStage: row.lead_stage,
    status: row.status as ConversationStatus,
    followUpOn: row.follow_up_on ?? today,
    lastMessagePreview: row.last_message_preview,
  }));
}

import type { ConversationStatus } from '../conversations/conversation.ts';
import type { Db } from '../db/database.ts';

/** What messaging, receipts and socket authorisation need to know about a conversation. */
export interface ConversationState {
  id: string;
  projectId: string;
  visitorId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  lastSeq: number;
  visitorDeliveredSeq: number;
  visitorReadSeq: number;
  staffDeliveredSeq: number;
  staffReadSeq: number;
}

export async function findConversationState(
  db: Db,
  conversationId: string,
): Promise<ConversationState | undefined> {
  const row = await db
    .selectFrom('conversations')
    .select([
      'id',
      'project_id',
      'visitor_id',
      'status',
      'assignee_id',
      'last_seq',
      'visitor_delivered_seq',
      'visitor_read_seq',
      'staff_delivered_seq',
      'staff_read_seq',
    ])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    projectId: row.project_id,
    visitorId: row.visitor_id,
    status: row.status as ConversationStatus,
    assigneeId: row.assignee_id,
    lastSeq: Number(row.last_seq),
    visitorDeliveredSeq: Number(row.visitor_delivered_seq),
    visitorReadSeq: Number(row.visitor_read_seq),
    staffDeliveredSeq: Number(row.staff_delivered_seq),
    staffReadSeq: Number(row.staff_read_seq),
  };
}

export type ReceiptColumn =
  | 'visitor_delivered_seq'
  | 'visitor_read_seq'
  | 'staff_delivered_seq'
  | 'staff_read_seq';

/**
 * Moves one receipt watermark forward, never back: a compare-and-set (`where column < seq`) so
 * late or concurrent acknowledgements cannot lower it, capped at the last sequence that exists.
 * Returns true when the watermark moved.
 */
export async function advanceReceipt(
  db: Db,
  conversationId: string,
  column: ReceiptColumn,
  seq: number,
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ [column]: seq })
    .where('id', '=', conversationId)
    .where(column, '<', seq)
    .where('last_seq', '>=', seq)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

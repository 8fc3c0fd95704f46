import type { Db } from '../db/database.ts';
import type { LeadStage } from './lead-stage.ts';

/** A chat lead's current stage, as stored (a stage of an older version may not be a LeadStage). */
export async function findLeadStage(db: Db, conversationId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('conversations')
    .select('lead_stage')
    .where('id', '=', conversationId)
    .executeTakeFirst();
  return row?.lead_stage;
}

/**
 * Moves a chat lead from one stage to another, only if it is still at `from` (compare-and-set:
 * two people changing it at once each see the true previous stage). `updated_at` moves but
 * `last_message_at` never does: a stage change must not disturb the Updated order of the buckets
 * (AGENT-1, the brief's "not last click").
 */
export async function updateConversationLeadStage(
  db: Db,
  input: { conversationId: string; from: string; to: LeadStage; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ lead_stage: input.to, updated_at: input.now })
    .where('id', '=', input.conversationId)
    .where('lead_stage', '=', input.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

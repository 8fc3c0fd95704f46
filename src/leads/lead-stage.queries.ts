import type { Db } from '../db/database.ts';
import type { LeadStage } from './lead-stage.ts';

/**
 * Sets a chat lead's stage. `updated_at` moves but `last_message_at` never does: changing a stage
 * must not disturb the Updated order of the buckets (AGENT-1, the brief's "not last click").
 */
export async function updateConversationLeadStage(
  db: Db,
  input: { conversationId: string; stage: LeadStage; now: string },
): Promise<number> {
  const result = await db
    .updateTable('conversations')
    .set({ lead_stage: input.stage, updated_at: input.now })
    .where('id', '=', input.conversationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

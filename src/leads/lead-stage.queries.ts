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

/** The chat's lead (ADR 0015: its id is the chat's visitor id) takes the stage the chat just took. */
export async function mirrorStageOnChatLead(
  db: Db,
  input: { conversationId: string; to: LeadStage; now: string },
): Promise<void> {
  await db
    .updateTable('leads')
    .set({ stage: input.to, updated_at: input.now })
    .where('id', '=', (eb) =>
      eb
        .selectFrom('conversations')
        .select('visitor_id')
        .where('conversations.id', '=', input.conversationId),
    )
    .execute();
}

/** The stage of a lead that is not a chat's (a chat lead's stage moves with its chat). */
export async function findStandaloneLeadStage(db: Db, leadId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('leads')
    .select('stage')
    .where('id', '=', leadId)
    .where('source', '<>', 'chat')
    .executeTakeFirst();
  return row?.stage;
}

export async function updateStandaloneLeadStage(
  db: Db,
  input: { leadId: string; from: string; to: LeadStage; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('leads')
    .set({ stage: input.to, updated_at: input.now })
    .where('id', '=', input.leadId)
    .where('source', '<>', 'chat')
    .where('stage', '=', input.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

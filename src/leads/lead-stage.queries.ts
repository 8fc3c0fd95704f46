import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
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
 * (AGENT-1, the brief's "not last click"). Reaching Converted records its value (or none).
 */
export async function updateConversationLeadStage(
  db: Db,
  input: {
    conversationId: string;
    from: string;
    to: LeadStage;
    now: string;
    conversion?: { value: number | null; currency: string | null };
  },
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({
      lead_stage: input.to,
      updated_at: input.now,
      ...(input.conversion
        ? {
            conversion_value: input.conversion.value === null ? null : input.conversion.value.toFixed(2),
            conversion_currency: input.conversion.currency,
          }
        : {}),
    })
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

/** One row of the stage history, written in the stage change's transaction. */
export async function insertLeadStageChange(
  db: Db,
  row: {
    id: string;
    conversationId: string;
    from: string;
    to: LeadStage;
    value: number | null;
    currency: string | null;
    actorId: string | null;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('lead_stage_changes')
    .values({
      id: row.id,
      conversation_id: row.conversationId,
      lead_id: null,
      from_stage: row.from,
      to_stage: row.to,
      conversion_value: row.value === null ? null : row.value.toFixed(2),
      conversion_currency: row.currency,
      actor_id: row.actorId,
      created_at: row.at,
    })
    .execute();
}

/** Whether the lead has been at `stage` before (a change into it is in the history). */
export async function hasReachedStage(db: Db, conversationId: string, stage: LeadStage): Promise<boolean> {
  const row = await firstRows(
    db,
    db
      .selectFrom('lead_stage_changes')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .where('to_stage', '=', stage),
    1,
  ).executeTakeFirst();
  return row !== undefined;
}

export interface LeadStageChangeRow {
  id: string;
  from: string;
  to: string;
  value: string | null;
  currency: string | null;
  actorId: string | null;
  at: string;
}

/** A lead's stage history, oldest first. */
export async function listLeadStageChanges(db: Db, conversationId: string): Promise<LeadStageChangeRow[]> {
  const rows = await db
    .selectFrom('lead_stage_changes')
    .select([
      'id',
      'from_stage',
      'to_stage',
      'conversion_value',
      'conversion_currency',
      'actor_id',
      'created_at',
    ])
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    from: row.from_stage,
    to: row.to_stage,
    value: row.conversion_value === null ? null : Number(row.conversion_value).toFixed(2),
    currency: row.conversion_currency,
    actorId: row.actor_id,
    at: row.created_at,
  }));
}

import type { Db } from '../db/database.ts';
import { firstRows, isUniqueViolation } from '../db/dialect.ts';
import type { AiEvent, AiEventReason } from './ai-agent.ts';

/**
 * The AI's stored state beside its settings (ADMIN-5): the settings document and the sealed keys
 * live in `settings` (read through settings.queries.ts), the breaker state there too under its
 * own key, the failures in `ai_errors`.
 */

/**
 * Compare-and-set of one settings value, so two instances recording breaker outcomes at once do
 * not lose one: writes `next` only while the stored value is still `expected` (inserting when
 * `expected` is undefined and nothing is stored). True when it wrote.
 */
export async function replaceSettingIf(
  db: Db,
  change: { key: string; expected: string | undefined; next: string; now: string },
): Promise<boolean> {
  if (change.expected === undefined) {
    try {
      await db
        .insertInto('settings')
        .values({ key: change.key, value: change.next, updated_at: change.now, updated_by: null })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false; // stored meanwhile: the caller re-reads, tries again
      throw error;
    }
  }
  const result = await db
    .updateTable('settings')
    .set({ value: change.next, updated_at: change.now })
    .where('key', '=', change.key)
    .where('value', '=', change.expected)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertAiError(db: Db, event: AiEvent): Promise<void> {
  await db
    .insertInto('ai_errors')
    .values({
      id: event.id,
      occurred_at: event.occurredAt,
      reason: event.reason,
      detail: event.detail.slice(0, 400),
      provider: event.provider,
      model: event.model.slice(0, 200),
      conversation_id: event.conversationId,
    })
    .execute();
}

/** The newest failures first (the settings page shows a short list). */
export async function listAiErrors(db: Db, count: number): Promise<AiEvent[]> {
  const qb = db.selectFrom('ai_errors').selectAll().orderBy('occurred_at', 'desc').orderBy('id', 'desc');
  const rows = await firstRows(db, qb, count).execute();
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at,
    reason: row.reason as AiEventReason,
    detail: row.detail,
    provider: row.provider,
    model: row.model,
    conversationId: row.conversation_id,
  }));
}

/** Failures older than the cutoff are forgotten (the watchdog prunes them). */
export async function deleteAiErrorsBefore(db: Db, cutoff: string): Promise<number> {
  const result = await db.deleteFrom('ai_errors').where('occurred_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

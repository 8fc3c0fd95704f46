import type { Db } from '../db/database.ts';
import { flag, isSet } from '../db/dialect.ts';
import type { CsatFacts } from './csat.ts';

/** BEYOND-5 ratings on the conversation row (csat_score, csat_comment, csat_at). */
export async function findCsatFacts(
  db: Db,
  conversationId: string,
): Promise<(CsatFacts & { visitorId: string; projectId: string }) | undefined> {
  const row = await db
    .selectFrom('conversations')
    .select(['visitor_id', 'project_id', 'status', 'closed_by', 'csat_skipped', 'csat_score', 'csat_comment'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  return (
    row && {
      visitorId: row.visitor_id,
      projectId: row.project_id,
      status: row.status,
      closedBy: row.closed_by,
      surveySkipped: isSet(row.csat_skipped),
      csatScore: row.csat_score,
      csatComment: row.csat_comment,
    }
  );
}

/**
 * Stores the rating only while the chat is closed by a person and still unrated, for its own
 * visitor: true when this call stored it (double submits, a reload, two tabs: one wins).
 */
export async function claimCsat(
  db: Db,
  rating: { conversationId: string; visitorId: string; score: number; comment: string | null; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ csat_score: rating.score, csat_comment: rating.comment, csat_at: rating.now })
    .where('id', '=', rating.conversationId)
    .where('visitor_id', '=', rating.visitorId)
    .where('status', '=', 'closed')
    .where('closed_by', 'is not', null)
    .where('csat_skipped', '=', flag(false))
    .where('csat_score', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

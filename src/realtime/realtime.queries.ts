import type { Db } from '../db/database.ts';

/** Open conversations assigned to an agent: their sockets follow these topics (RT-1). */
export async function listAssignedOpenConversationIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('conversations')
    .select('id')
    .where('assignee_id', '=', userId)
    .where('status', '<>', 'closed')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Sessions that ended from `since` up to `now`: revoked (sign-out, force logout, user disabled)
 * or expired. Two indexed ranges, so the read costs the same however many staff are online.
 */
export async function listSessionsEndedSince(db: Db, since: string, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('sessions')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('revoked_at', '>=', since),
        eb.and([eb('expires_at', '>=', since), eb('expires_at', '<=', now)]),
      ]),
    )
    .execute();
  return rows.map((row) => row.id);
}

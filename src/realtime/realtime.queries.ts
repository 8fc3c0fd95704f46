import type { Db } from '../db/database.ts';
import { chunksOf } from '../db/dialect.ts';

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

const SESSION_CHUNK = 1000;

/** Which of these sessions are still live: staff sockets of any other session are dropped. */
export async function listLiveSessionIds(
  db: Db,
  sessionIds: readonly string[],
  now: string,
): Promise<string[]> {
  const live: string[] = [];
  for (const chunk of chunksOf(sessionIds, SESSION_CHUNK)) {
    const rows = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('sessions.id')
      .where('sessions.id', 'in', chunk)
      .where('sessions.revoked_at', 'is', null)
      .where('sessions.expires_at', '>', now)
      .where('users.is_active', '=', 1)
      .execute();
    live.push(...rows.map((row) => row.id));
  }
  return live;
}

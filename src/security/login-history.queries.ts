import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';

/** Has this account ever signed in from this address? Known addresses skip the account throttle. */
export async function hasSessionFromIp(db: Db, email: string, ip: string): Promise<boolean> {
  const query = db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select('sessions.id')
    .where('users.email', '=', email.toLowerCase())
    .where('sessions.ip', '=', ip);
  const rows = await firstRows(db, query, 1).execute();
  return rows.length > 0;
}

/** Who is signed in from this address right now (a block would lock them out), up to `count`. */
export async function listLiveStaffNamesFromIp(
  db: Db,
  ip: string,
  now: string,
  count: number,
): Promise<string[]> {
  const query = db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select('users.display_name')
    .distinct()
    .where('sessions.ip', '=', ip)
    .where('sessions.expires_at', '>', now)
    .where('sessions.revoked_at', 'is', null)
    .where('users.is_active', '=', 1)
    .orderBy('users.display_name');
  const rows = await firstRows(db, query, count).execute();
  return rows.map((row) => row.display_name);
}

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

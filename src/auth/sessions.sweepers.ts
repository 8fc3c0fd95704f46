import { writeTransaction } from '../db/dialect.ts';
import type { Sweeper } from '../jobs/scheduler.ts';
import { addMs, toIso } from '../shared/clock.ts';
import { deleteExpiredSessions } from './sessions.queries.ts';

/**
 * Expired sessions stay this long before they are deleted: every instance's session watch must see
 * a session end (src/realtime/session-watch.ts) before its row goes.
 */
export const KEEP_EXPIRED_SESSIONS_MS = 24 * 60 * 60_000;

/** Expired sessions are deleted a day later (revoked ones stay until then, as the force-logout trail). */
export function sessionPurgeSweeper(everyMs: number): Sweeper {
  return {
    name: 'session-purge',
    everyMs,
    async tick(deps, now) {
      const before = toIso(addMs(now, -KEEP_EXPIRED_SESSIONS_MS));
      const processed = await writeTransaction(deps.db, (trx) => deleteExpiredSessions(trx, before));
      return { processed, skipped: 0, failed: 0 };
    },
  };
}

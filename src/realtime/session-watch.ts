import type { Deps } from '../deps.ts';
import { addMs, toIso } from '../shared/clock.ts';
import type { Hub } from './hub.ts';
import { listSessionsEndedSince } from './realtime.queries.ts';

/** Close code for a staff socket whose session was revoked, expired or whose user was disabled. */
export const SESSION_ENDED_CLOSE = 4001;

/**
 * How often every instance looks for ended sessions, so a force logout reaches open sockets within
 * a second on every instance (revocation lives in the database, which all instances share).
 */
export const REVALIDATE_MS = 500;

/**
 * Each look goes back this much further than the previous one: a revocation is stamped with the
 * clock of the instance that made it, which may run somewhat behind ours.
 */
const CLOCK_SKEW_MARGIN_MS = 60_000;

/**
 * Drops the staff sockets of sessions that ended since the last look. It reads only what ended
 * lately (usually nothing), never the sessions of every open socket: the cost does not grow with
 * the number of staff online. A socket's session was live when it connected (socket-auth.ts), so
 * looking from the instance's start on misses no ending.
 */
export function sessionWatch(deps: Pick<Deps, 'db' | 'clock'>, hub: Hub) {
  let lookedUpTo = deps.clock.now();
  return {
    /** Returns how many sockets were dropped. */
    async dropEndedSessions(): Promise<number> {
      const now = deps.clock.now();
      const since = addMs(lookedUpTo, -CLOCK_SKEW_MARGIN_MS);
      const ended = new Set(await listSessionsEndedSince(deps.db, toIso(since), toIso(now)));
      lookedUpTo = now;
      if (ended.size === 0) return 0;
      let dropped = 0;
      for (const ws of hub.staffSockets()) {
        if (ws.data.sessionId && ended.has(ws.data.sessionId)) {
          ws.close(SESSION_ENDED_CLOSE, 'session ended');
          dropped++;
        }
      }
      return dropped;
    },
  };
}

import type { Deps } from '../deps.ts';
import { addMs, toIso } from '../shared/clock.ts';
import type { Hub, Socket } from './hub.ts';
import { listLiveSessionIds, listSessionsEndedSince } from './realtime.queries.ts';
import { SESSION_ENDED_CLOSE } from './wire.ts';

/**
 * How often every instance looks for ended sessions, so a force logout reaches open sockets within
 * a second on every instance (revocation lives in the database, which all instances share).
 */
export const REVALIDATE_MS = 500;

/**
 * Every this many looks, the sessions of all open staff sockets are re-read as well: the net under
 * the cheap look, for session rows that vanished instead of ending (a deleted person, whose sockets
 * `staff.removed` closes at once unless Redis lost it).
 */
const FULL_CHECK_EVERY = 20;

/**
 * Each look goes back this much further than the previous one: a revocation is stamped with the
 * clock of the instance that made it, which may run somewhat behind ours.
 */
const CLOCK_SKEW_MARGIN_MS = 60_000;

function close(sockets: Socket[], ended: (sessionId: string) => boolean): number {
  let dropped = 0;
  for (const ws of sockets) {
    if (ws.data.sessionId && ended(ws.data.sessionId)) {
      ws.close(SESSION_ENDED_CLOSE, 'session ended');
      dropped++;
    }
  }
  return dropped;
}

/**
 * Drops the staff sockets of sessions that ended. A look reads only the sessions that ended since
 * the previous one (two indexed ranges, usually nothing), so its cost does not grow with the staff
 * online. A socket's session was live when it connected (socket-auth.ts), so looking from the
 * instance's start on misses no ending.
 */
export function sessionWatch(deps: Pick<Deps, 'db' | 'clock'>, hub: Hub) {
  let lookedUpTo = deps.clock.now();
  let looks = 0;
  return {
    /** One look; returns how many sockets were dropped. */
    async dropEndedSessions(): Promise<number> {
      const now = deps.clock.now();
      const since = addMs(lookedUpTo, -CLOCK_SKEW_MARGIN_MS);
      const ended = new Set(await listSessionsEndedSince(deps.db, toIso(since), toIso(now)));
      lookedUpTo = now;
      let dropped = ended.size > 0 ? close(hub.staffSockets(), (id) => ended.has(id)) : 0;
      if (++looks % FULL_CHECK_EVERY === 0) {
        const sockets = hub.staffSockets();
        const ids = [...new Set(sockets.flatMap((ws) => (ws.data.sessionId ? [ws.data.sessionId] : [])))];
        const live = new Set(await listLiveSessionIds(deps.db, ids, toIso(now)));
        dropped += close(sockets, (id) => !live.has(id));
      }
      return dropped;
    },
  };
}

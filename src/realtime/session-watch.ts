import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import type { Hub } from './hub.ts';
import { listLiveSessionIds } from './realtime.queries.ts';

/** Close code for a staff socket whose session was revoked, expired or whose user was disabled. */
export const SESSION_ENDED_CLOSE = 4001;

/**
 * Drops every staff socket on this instance whose session is no longer live. Run every
 * `REVALIDATE_MS`, so a force logout reaches open sockets within a second on every instance
 * (revocation lives in the database, which all instances share).
 */
export const REVALIDATE_MS = 500;

export async function dropEndedSessions(deps: Pick<Deps, 'db' | 'clock'>, hub: Hub): Promise<number> {
  const sockets = hub.staffSockets();
  const sessionIds = [...new Set(sockets.map((ws) => ws.data.sessionId).filter((id) => id !== null))];
  if (sessionIds.length === 0) return 0;
  const live = new Set(await listLiveSessionIds(deps.db, sessionIds, toIso(deps.clock.now())));
  let dropped = 0;
  for (const ws of sockets) {
    if (ws.data.sessionId && !live.has(ws.data.sessionId)) {
      ws.close(SESSION_ENDED_CLOSE, 'session ended');
      dropped++;
    }
  }
  return dropped;
}

import { deleteExpiredSessions } from '../auth/sessions.queries.ts';
import { writeTransaction } from '../db/dialect.ts';
import {
  agentGoneSweeper,
  idleAgentSweeper,
  queueDrainSweeper,
  visitorGoneSweeper,
} from '../routing/routing.sweepers.ts';
import type { RoutingSettings } from '../routing/routing-settings.ts';
import { addMs, toIso } from '../shared/clock.ts';
import type { Sweeper } from './scheduler.ts';

/**
 * Expired sessions stay this long before they are deleted: every instance's session watch must see
 * a session end (src/realtime/session-watch.ts) before its row goes.
 */
export const KEEP_EXPIRED_SESSIONS_MS = 24 * 60 * 60_000;

/** Expired sessions are deleted a day later (revoked ones stay until then, as the force-logout trail). */
export function sessionPurgeSweeper(settings: RoutingSettings): Sweeper {
  return {
    name: 'session-purge',
    everyMs: settings.sessionPurgeSweepMs,
    async tick(deps, now) {
      const before = toIso(addMs(now, -KEEP_EXPIRED_SESSIONS_MS));
      const processed = await writeTransaction(deps.db, (trx) => deleteExpiredSessions(trx, before));
      return { processed, skipped: 0, failed: 0 };
    },
  };
}

/** Every background job of the product, in one list: add a module's sweepers here. */
export function allSweepers(settings: RoutingSettings): Sweeper[] {
  return [
    visitorGoneSweeper(settings),
    agentGoneSweeper(settings),
    idleAgentSweeper(settings),
    queueDrainSweeper(settings),
    sessionPurgeSweeper(settings),
  ];
}

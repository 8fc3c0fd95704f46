import { deleteExpiredSessions } from '../auth/sessions.queries.ts';
import { writeTransaction } from '../db/dialect.ts';
import {
  agentGoneSweeper,
  idleAgentSweeper,
  queueDrainSweeper,
  visitorGoneSweeper,
} from '../routing/routing.sweepers.ts';
import type { RoutingSettings } from '../routing/routing-settings.ts';
import { toIso } from '../shared/clock.ts';
import type { Sweeper } from './scheduler.ts';

/** Expired sessions are deleted (revoked ones stay until they expire, as the force-logout trail). */
export function sessionPurgeSweeper(settings: RoutingSettings): Sweeper {
  return {
    name: 'session-purge',
    everyMs: settings.sessionPurgeSweepMs,
    async tick(deps, now) {
      const processed = await writeTransaction(deps.db, (trx) => deleteExpiredSessions(trx, toIso(now)));
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

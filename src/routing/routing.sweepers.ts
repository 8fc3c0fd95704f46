import { revokeUserSessions } from '../auth/sessions.queries.ts';
import { writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import type { PresenceSubject } from '../events/presence.ts';
import type { Sweeper, TickResult } from '../jobs/scheduler.ts';
import { markVisitorGone, releaseAgentChats } from '../routing/lifecycle.service.ts';
import { addMs, toIso } from '../shared/clock.ts';
import { listIdleAgentIds } from './routing.queries.ts';
import { drainQueue, loadRoutingSettings } from './routing.service.ts';
import type { RoutingSettings } from './routing-settings.ts';

/**
 * The routing sweepers (ROUTE-6, -7, -9, -4). Each tick reads the durations afresh (a settings
 * change applies on the next tick), handles items one by one through the same services the UI
 * uses, and isolates failures per item: logged, counted, retried on a later tick.
 */
const empty = (): TickResult => ({ processed: 0, skipped: 0, failed: 0 });

async function eachItem(
  deps: Deps,
  job: string,
  ids: readonly string[],
  handle: (id: string) => Promise<'processed' | 'skipped'>,
): Promise<TickResult> {
  const result = empty();
  for (const id of ids) {
    try {
      result[await handle(id)]++;
    } catch (error) {
      deps.log.error('job.item_failed', { job, id, error });
      result.failed++;
    }
  }
  return result;
}

const add = (a: TickResult, b: TickResult): TickResult => ({
  processed: a.processed + b.processed,
  skipped: a.skipped + b.skipped,
  failed: a.failed + b.failed,
});

/** Presence subjects gone since the cutoff, handled in batches; each is forgotten once handled. */
async function sweepGone(
  deps: Deps,
  job: string,
  kind: PresenceSubject['kind'],
  cutoff: Date,
  batchSize: number,
  handle: (id: string) => Promise<'processed' | 'skipped'>,
): Promise<TickResult> {
  const gone = await deps.presence.goneSince(kind, cutoff);
  let total = empty();
  for (let at = 0; at < gone.length; at += batchSize) {
    const batch = gone.slice(at, at + batchSize);
    total = add(
      total,
      await eachItem(deps, job, batch, async (id) => {
        const outcome = await handle(id);
        await deps.presence.forget({ kind, id });
        return outcome;
      }),
    );
  }
  return total;
}

export function visitorGoneSweeper(settings: RoutingSettings): Sweeper {
  return {
    name: 'visitor-gone',
    everyMs: settings.visitorGoneSweepMs,
    async tick(deps, now) {
      const { visitorGoneMs, batchSize } = await loadRoutingSettings(deps);
      // The visitor presence id is the conversation id.
      return sweepGone(deps, this.name, 'visitor', addMs(now, -visitorGoneMs), batchSize, async (id) =>
        (await markVisitorGone(deps, id)).ok ? 'processed' : 'skipped',
      );
    },
  };
}

export function agentGoneSweeper(settings: RoutingSettings): Sweeper {
  return {
    name: 'agent-gone',
    everyMs: settings.agentGoneSweepMs,
    async tick(deps, now) {
      const { agentGoneMs, batchSize } = await loadRoutingSettings(deps);
      return sweepGone(deps, this.name, 'staff', addMs(now, -agentGoneMs), batchSize, async (id) =>
        (await releaseAgentChats(deps, id)).released > 0 ? 'processed' : 'skipped',
      );
    },
  };
}

export function idleAgentSweeper(settings: RoutingSettings): Sweeper {
  return {
    name: 'idle-agents',
    everyMs: settings.agentIdleSweepMs,
    async tick(deps, now) {
      const { agentIdleMs, batchSize } = await loadRoutingSettings(deps);
      const cutoff = toIso(addMs(now, -agentIdleMs));
      let total = empty();
      let afterId: string | null = null;
      for (;;) {
        const ids = await listIdleAgentIds(deps.db, { now: toIso(now), cutoff, afterId, count: batchSize });
        total = add(
          total,
          await eachItem(deps, this.name, ids, async (userId) => {
            await writeTransaction(deps.db, (trx) => revokeUserSessions(trx, userId, toIso(now)));
            deps.log.info('routing.idle_agent_logged_out', { userId });
            await releaseAgentChats(deps, userId);
            return 'processed';
          }),
        );
        afterId = ids.at(-1) ?? null;
        if (ids.length < batchSize || afterId === null) return total;
      }
    },
  };
}

export function queueDrainSweeper(settings: RoutingSettings): Sweeper {
  return {
    name: 'queue-drain',
    everyMs: settings.queueDrainSweepMs,
    async tick(deps) {
      const { assigned } = await drainQueue(deps);
      return { processed: assigned, skipped: 0, failed: 0 };
    },
  };
}

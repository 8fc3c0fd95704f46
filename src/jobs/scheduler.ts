import { isDatabaseUnavailable } from '../db/unavailable.ts';
import type { Deps } from '../deps.ts';
import type { LeaderLease } from './lease.ts';

/**
 * Background jobs (STYLE 2.7). A sweeper is a plain object; its `tick` computes cutoffs from `now`,
 * changes rows only by compare-and-set and reports counts. This file owns the only timer.
 */
export interface TickResult {
  processed: number;
  skipped: number;
  failed: number;
}

export interface Sweeper {
  name: string;
  everyMs: number;
  tick(deps: Deps, now: Date): Promise<TickResult>;
}

export interface Scheduler {
  /** Runs every sweeper that is due at `now` (what the timer calls; tests call it directly). */
  runDue(now: Date): Promise<Record<string, TickResult>>;
  start(): void;
  stop(): Promise<void>;
}

export function createScheduler(
  deps: Deps,
  sweepers: readonly Sweeper[],
  { lease, beatMs = 1000 }: { lease: LeaderLease; beatMs?: number },
): Scheduler {
  const lastStarted = new Map<string, number>();
  const inFlight = new Map<string, Promise<TickResult>>();
  let timer: ReturnType<typeof setInterval> | undefined;

  async function runOne(sweeper: Sweeper, now: Date): Promise<TickResult> {
    const startedAt = performance.now();
    try {
      const result = await sweeper.tick(deps, now);
      if (result.processed > 0 || result.failed > 0) {
        deps.log.info('job.tick', {
          job: sweeper.name,
          ...result,
          ms: Math.round(performance.now() - startedAt),
        });
      }
      return result;
    } catch (error) {
      // One failing tick never stops the scheduler or the other sweepers; a database outage is a
      // warning (readyz reports it), the next beat retries.
      if (isDatabaseUnavailable(error)) deps.log.warn('job.tick_unavailable', { job: sweeper.name, error });
      else deps.log.error('job.tick_failed', { job: sweeper.name, error });
      return { processed: 0, skipped: 0, failed: 1 };
    } finally {
      inFlight.delete(sweeper.name);
    }
  }

  /** Beats since the lease store (Redis or the database) stopped answering; 0 when it answers. */
  let leaseFailures = 0;
  async function isLeader(now: Date): Promise<boolean> {
    try {
      const leader = await lease.acquire(now);
      if (leaseFailures > 0) deps.log.info('job.lease_restored', { failedBeats: leaseFailures });
      leaseFailures = 0;
      return leader;
    } catch (error) {
      // Not knowing is not leading: no sweeper runs until the lease answers again. An outage of
      // the lease store is one warning, not an error per beat (ADR 0044).
      if (leaseFailures++ === 0) deps.log.warn('job.lease_unavailable', { error });
      return false;
    }
  }

  async function runDue(now: Date): Promise<Record<string, TickResult>> {
    if (!(await isLeader(now))) return {};
    const started: Array<Promise<[string, TickResult]>> = [];
    for (const sweeper of sweepers) {
      const last = lastStarted.get(sweeper.name);
      // Skip while the previous tick still runs, and until its interval has passed.
      if (inFlight.has(sweeper.name) || (last !== undefined && now.getTime() - last < sweeper.everyMs))
        continue;
      lastStarted.set(sweeper.name, now.getTime());
      const run = runOne(sweeper, now);
      inFlight.set(sweeper.name, run);
      started.push(run.then((result) => [sweeper.name, result]));
    }
    return Object.fromEntries(await Promise.all(started));
  }

  return {
    runDue,
    start() {
      if (timer) return;
      timer = setInterval(() => void runDue(deps.clock.now()), beatMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.allSettled([...inFlight.values()]);
      await lease.release().catch((error) => deps.log.warn('job.lease_release_failed', { error }));
    },
  };
}

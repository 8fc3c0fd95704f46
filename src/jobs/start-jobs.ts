import type { Deps } from '../deps.ts';
import { loadRoutingSettings } from '../routing/routing.service.ts';
import { databaseLease, type LeaderLease, redisLease } from './lease.ts';
import { createScheduler } from './scheduler.ts';
import { allSweepers } from './sweepers.ts';

/** A leader that stops beating loses the lease after this long and another instance takes over. */
const LEASE_TTL_MS = 15_000;
const LEASE_NAME = 'sweepers';

/**
 * Starts the background sweepers on this instance (called by main after the server listens).
 * Every instance beats; only the lease holder runs ticks. The lease is a Redis key when REDIS_URL
 * is set, else a row of `leases`.
 */
export async function startJobs(deps: Deps): Promise<{ stop(): Promise<void> }> {
  const holder = deps.ids.next();
  let lease: LeaderLease;
  let closeRedis = async () => {};
  if (deps.config.redisUrl) {
    const { Redis } = await import('ioredis');
    const redis = new Redis(deps.config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
    redis.on('error', (error) => deps.log.warn('jobs.redis_error', { error }));
    lease = redisLease(redis, { name: LEASE_NAME, holder, ttlMs: LEASE_TTL_MS });
    closeRedis = async () => void (await redis.quit());
  } else {
    lease = databaseLease(deps.db, { name: LEASE_NAME, holder, ttlMs: LEASE_TTL_MS });
  }
  const scheduler = createScheduler(deps, allSweepers(await loadRoutingSettings(deps)), { lease });
  scheduler.start();
  deps.log.info('jobs.started', { holder, lease: deps.config.redisUrl ? 'redis' : 'database' });
  return {
    async stop() {
      await scheduler.stop();
      await closeRedis();
    },
  };
}

import { aiWatchdogSweeper } from './ai/ai.sweepers.ts';
import { sessionPurgeSweeper } from './auth/sessions.sweepers.ts';
import { leadImportsSweeper, leadUploadsSweeper } from './crm/lead-imports.sweepers.ts';
import { sheetSourcesSweeper } from './crm/sheet-sources.sweepers.ts';
import type { Deps } from './deps.ts';
import { databaseLease, type LeaderLease, redisLease } from './jobs/lease.ts';
import { createScheduler, type Sweeper } from './jobs/scheduler.ts';
import { loadRoutingSettings } from './routing/routing.service.ts';
import {
  agentGoneSweeper,
  idleAgentSweeper,
  queueDrainSweeper,
  visitorGoneSweeper,
} from './routing/routing.sweepers.ts';
import type { RoutingSettings } from './routing/routing-settings.ts';
import { redisNames } from './shared/redis-prefix.ts';
import { outboxSenderSweeper } from './tracking/outbox.sweepers.ts';

/** Every background job of the product, in one list: add a module's sweepers here. */
export function allSweepers(settings: RoutingSettings): Sweeper[] {
  return [
    visitorGoneSweeper(settings),
    agentGoneSweeper(settings),
    idleAgentSweeper(settings),
    queueDrainSweeper(settings),
    sessionPurgeSweeper(settings.sessionPurgeSweepMs),
    aiWatchdogSweeper(settings.queueDrainSweepMs),
    outboxSenderSweeper(),
    sheetSourcesSweeper(),
    leadUploadsSweeper(),
    leadImportsSweeper(),
  ];
}

/** A leader that stops beating loses the lease after this long and another instance takes over. */
const LEASE_TTL_MS = 15_000;
const LEASE_NAME = 'sweepers';

/**
 * The sweeper leader lease of this deployment: a Redis key under the deployment's prefix when
 * REDIS_URL is set (two installs on one Redis each have their own leader), else a row of `leases`.
 */
export async function sweeperLease(
  deps: Deps,
  holder: string,
): Promise<{ lease: LeaderLease; close(): Promise<void> }> {
  if (!deps.config.redisUrl) {
    return {
      lease: databaseLease(deps.db, { name: LEASE_NAME, holder, ttlMs: LEASE_TTL_MS }),
      close: async () => {},
    };
  }
  const { Redis } = await import('ioredis');
  const redis = new Redis(deps.config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
  redis.on('error', (error) => deps.log.warn('jobs.redis_error', { error }));
  const keyPrefix = redisNames(deps.config.redisPrefix).lease;
  return {
    lease: redisLease(redis, { name: LEASE_NAME, holder, ttlMs: LEASE_TTL_MS, keyPrefix }),
    close: async () => void (await redis.quit().catch(() => redis.disconnect())),
  };
}

/**
 * Starts the background sweepers on this instance (called by main after the server listens).
 * Every instance beats; only the lease holder runs ticks.
 */
export async function startJobs(deps: Deps): Promise<{ stop(): Promise<void> }> {
  const holder = deps.ids.next();
  const { lease, close } = await sweeperLease(deps, holder);
  const scheduler = createScheduler(deps, allSweepers(await loadRoutingSettings(deps)), { lease });
  scheduler.start();
  deps.log.info('jobs.started', { holder, lease: deps.config.redisUrl ? 'redis' : 'database' });
  return {
    async stop() {
      await scheduler.stop();
      await close();
    },
  };
}

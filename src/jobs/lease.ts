import type { Db } from '../db/database.ts';
import { addMs, toIso } from '../shared/clock.ts';
import { deleteLease, insertLease, renewLease } from './jobs.queries.ts';

/**
 * With several instances only the holder of this lease runs the sweepers (OPS-5, ROUTE-11).
 * `acquire` both takes a free or expired lease and renews one already held; it is called on every
 * scheduler beat, so a crashed leader is replaced within one lease lifetime.
 */
export interface LeaderLease {
  acquire(now: Date): Promise<boolean>;
  release(): Promise<void>;
}

export interface LeaseOptions {
  name: string;
  holder: string;
  ttlMs: number;
}

/** The lease as a row of `leases` (no Redis): CAS update, or insert when the row does not exist yet. */
export function databaseLease(db: Db, { name, holder, ttlMs }: LeaseOptions): LeaderLease {
  return {
    async acquire(now) {
      const expiresAt = toIso(addMs(now, ttlMs));
      if (await renewLease(db, { name, holder, now: toIso(now), expiresAt })) return true;
      try {
        await insertLease(db, { name, holder, expiresAt });
        return true;
      } catch {
        // The row exists and is held by someone else (or was just inserted by them).
        return false;
      }
    },
    async release() {
      await deleteLease(db, name, holder);
    },
  };
}

/** The subset of ioredis the lease needs. */
export interface RedisCommands {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<string | null>;
  eval(script: string, keys: number, ...args: Array<string | number>): Promise<unknown>;
}

const RENEW_IF_MINE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const DELETE_IF_MINE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The lease as a Redis key (`<keyPrefix><name>`, the deployment's prefix: shared/redis-prefix.ts):
 * SET NX PX takes it, a compare-and-pexpire script renews it.
 */
export function redisLease(
  redis: RedisCommands,
  { name, holder, ttlMs, keyPrefix = 'lease:' }: LeaseOptions & { keyPrefix?: string },
): LeaderLease {
  const key = `${keyPrefix}${name}`;
  return {
    async acquire() {
      if ((await redis.set(key, holder, 'PX', ttlMs, 'NX')) === 'OK') return true;
      return Number(await redis.eval(RENEW_IF_MINE, 1, key, holder, ttlMs)) === 1;
    },
    async release() {
      await redis.eval(DELETE_IF_MINE, 1, key, holder);
    },
  };
}

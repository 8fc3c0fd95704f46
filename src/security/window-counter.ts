import type Redis from 'ioredis';
import type { Logger } from '../shared/log.ts';

/**
 * Sliding-window event logs keyed by string (strikes, rate limits, login throttles): exact counts
 * over the last `windowMs`, not fixed buckets, so a burst across a bucket edge is still seen.
 * In-process without Redis; a Redis sorted set per key when REDIS_URL is set, so every instance
 * counts together (OPS-5). Time comes from the caller's clock, never from Redis or Date.now().
 */
export interface WindowCounter {
  /** Records one event unless `limit` events already fall inside the window (atomic). */
  take(key: string, rule: WindowRule, nowMs: number): Promise<TakeResult>;
  /** Events inside the window, without recording one. */
  count(key: string, windowMs: number, nowMs: number): Promise<number>;
  reset(key: string): Promise<void>;
}

export interface WindowRule {
  limit: number;
  windowMs: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Events inside the window after this call. */
  count: number;
  /** When refused: how long until the oldest event leaves the window. 0 when allowed. */
  retryAfterMs: number;
}

/** How many takes between sweeps of idle keys, so memory follows active keys only. */
const SWEEP_EVERY = 1024;

export function memoryWindowCounter(): WindowCounter {
  const logs = new Map<string, { times: number[]; windowMs: number }>();
  let takes = 0;

  function sweep(nowMs: number) {
    for (const [key, log] of logs) {
      const newest = log.times[log.times.length - 1] ?? 0;
      if (newest <= nowMs - log.windowMs) logs.delete(key);
    }
  }

  /** The key's log without the events that left the window (dropped in place: a take per send). */
  function live(key: string, windowMs: number, nowMs: number): { times: number[]; windowMs: number } {
    const log = logs.get(key);
    if (!log) return { times: [], windowMs };
    const firstLive = log.times.findIndex((t) => t > nowMs - windowMs);
    if (firstLive === -1) log.times.length = 0;
    else if (firstLive > 0) log.times.splice(0, firstLive);
    return log;
  }

  return {
    async take(key, { limit, windowMs }, nowMs) {
      if (++takes % SWEEP_EVERY === 0) sweep(nowMs);
      const log = live(key, windowMs, nowMs);
      const { times } = log;
      if (times.length >= limit) {
        return { allowed: false, count: times.length, retryAfterMs: (times[0] ?? nowMs) + windowMs - nowMs };
      }
      times.push(nowMs);
      log.windowMs = windowMs;
      logs.set(key, log);
      return { allowed: true, count: times.length, retryAfterMs: 0 };
    },
    async count(key, windowMs, nowMs) {
      return live(key, windowMs, nowMs).times.length;
    },
    async reset(key) {
      logs.delete(key);
    },
  };
}

/** Trim, check, add and read the oldest in one atomic step, so concurrent instances agree. */
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  count = count + 1
  allowed = 1
end
redis.call('PEXPIRE', KEYS[1], window)
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return { allowed, count, oldest[2] or now }
`;

export function redisWindowCounter(redis: Redis, keyPrefix: string): WindowCounter {
  const keyOf = (key: string) => `${keyPrefix}${key}`;
  return {
    async take(key, { limit, windowMs }, nowMs) {
      const member = `${nowMs}:${crypto.randomUUID()}`;
      const [allowed, count, oldest] = (await redis.eval(
        TAKE_SCRIPT,
        1,
        keyOf(key),
        nowMs,
        windowMs,
        Number.isFinite(limit) ? limit : Number.MAX_SAFE_INTEGER,
        member,
      )) as [number, number, string];
      const ok = allowed === 1;
      return { allowed: ok, count, retryAfterMs: ok ? 0 : Math.max(0, Number(oldest) + windowMs - nowMs) };
    },
    async count(key, windowMs, nowMs) {
      return redis.zcount(keyOf(key), `(${nowMs - windowMs}`, '+inf');
    },
    async reset(key) {
      await redis.del(keyOf(key));
    },
  };
}

/**
 * When the shared store is unreachable, counting fails open: requests are served (and logged)
 * rather than every public endpoint answering 500. Blocks already written keep working: they are
 * checked from memory, and the database is their source of truth.
 */
export function failOpen(counter: WindowCounter, log: Logger): WindowCounter {
  const unavailable = (error: unknown) => log.warn('security.counter_unavailable', { error });
  return {
    take: (key, rule, nowMs) =>
      counter.take(key, rule, nowMs).catch((error) => {
        unavailable(error);
        return { allowed: true, count: 0, retryAfterMs: 0 };
      }),
    count: (key, windowMs, nowMs) =>
      counter.count(key, windowMs, nowMs).catch((error) => {
        unavailable(error);
        return 0;
      }),
    reset: (key) => counter.reset(key).catch(unavailable),
  };
}

import { afterAll, describe, expect, test } from 'bun:test';
import Redis from 'ioredis';
import {
  failOpen,
  memoryWindowCounter,
  redisWindowCounter,
  type WindowCounter,
} from '../../../src/security/window-counter.ts';
import { memoryLogger } from '../../../src/shared/log.ts';
import { redisUrl, uniquePrefix } from '../../support/security.ts';

const connections: Redis[] = [];
afterAll(() => {
  for (const connection of connections) connection.disconnect();
});

function redisCounter(url: string): WindowCounter {
  const connection = new Redis(url);
  connections.push(connection);
  return redisWindowCounter(connection, uniquePrefix());
}

const implementations: Array<[string, () => WindowCounter]> = [['in-process', memoryWindowCounter]];
const url = redisUrl;
if (url) implementations.push(['Redis', () => redisCounter(url)]);

for (const [name, make] of implementations) {
  describe(`sliding-window counter (${name})`, () => {
    test('refuses past the limit, tells how long until a slot frees, and slides', async () => {
      const counter = make();
      const rule = { limit: 3, windowMs: 60_000 };
      const t0 = 1_000_000;
      expect(await counter.take('k', rule, t0)).toEqual({ allowed: true, count: 1, retryAfterMs: 0 });
      expect(await counter.take('k', rule, t0 + 10_000)).toEqual({
        allowed: true,
        count: 2,
        retryAfterMs: 0,
      });
      expect(await counter.take('k', rule, t0 + 20_000)).toEqual({
        allowed: true,
        count: 3,
        retryAfterMs: 0,
      });
      expect(await counter.take('k', rule, t0 + 30_000)).toEqual({
        allowed: false,
        count: 3,
        retryAfterMs: 30_000,
      });
      expect(await counter.count('k', rule.windowMs, t0 + 30_000)).toBe(3);
      // Exactly one window after the first event, it has left: one slot frees.
      expect(await counter.take('k', rule, t0 + 60_000)).toEqual({
        allowed: true,
        count: 3,
        retryAfterMs: 0,
      });
      expect(await counter.take('k', rule, t0 + 60_000)).toMatchObject({
        allowed: false,
        retryAfterMs: 10_000,
      });
      expect(await counter.count('other', rule.windowMs, t0)).toBe(0);
      await counter.reset('k');
      expect(await counter.count('k', rule.windowMs, t0 + 60_000)).toBe(0);
    });

    test('events at the same instant are separate events', async () => {
      const counter = make();
      const rule = { limit: 5, windowMs: 1000 };
      const results = await Promise.all(Array.from({ length: 8 }, () => counter.take('same', rule, 42)));
      expect(results.filter((r) => r.allowed)).toHaveLength(5);
    });
  });
}

describe('when the shared store is unreachable', () => {
  test('counting fails open and is logged, instead of failing every request', async () => {
    // Nothing listens on port 1: a real client, a dead server, no offline queue.
    const dead = new Redis('redis://127.0.0.1:1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
    });
    connections.push(dead);
    const log = memoryLogger();
    const counter = failOpen(redisWindowCounter(dead, uniquePrefix()), log);
    expect(await counter.take('k', { limit: 1, windowMs: 1000 }, 0)).toEqual({
      allowed: true,
      count: 0,
      retryAfterMs: 0,
    });
    expect(await counter.count('k', 1000, 0)).toBe(0);
    await counter.reset('k');
    expect(log.lines.filter((l) => l.msg === 'security.counter_unavailable')).toHaveLength(3);
  });
});

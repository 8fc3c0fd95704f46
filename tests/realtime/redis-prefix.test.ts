import { afterEach, describe, expect, test } from 'bun:test';
import { Redis } from 'ioredis';
import { makeSecurityDeps } from '../../src/security/security-deps.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { redisNames } from '../../src/shared/redis-prefix.ts';
import { sweeperLease } from '../../src/start-jobs.ts';
import { makeTestDeps, type TestDeps } from '../support/make-app.ts';
import { eventually } from '../support/security.ts';
import { openStaff } from './support/live.ts';
import { deleteRedisKeys } from './support/two-instances.ts';

/**
 * Two deployments on one Redis (OPS-5): each built from its own configuration exactly as main.ts
 * builds it (REDIS_URL + REDIS_PREFIX), so the prefix reaches every key and channel through the
 * real wiring, not through a test-only namespace.
 */
const redisUrl = process.env.TEST_REDIS_URL;

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function prefixes() {
  const run = crypto.randomUUID().slice(0, 8);
  const one = `test-dep1-${run}`;
  const two = `test-dep2-${run}`;
  cleanup.push(async () => {
    await deleteRedisKeys(one);
    await deleteRedisKeys(two);
  });
  return { one, two };
}

const deployment = (prefix: string) =>
  makeTestDeps({ env: { REDIS_URL: redisUrl as string, REDIS_PREFIX: prefix } });

async function live(deps: TestDeps): Promise<RunningServer> {
  const running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisRetryDelayMs: 50 });
  cleanup.push(() => running.stop());
  return running;
}

describe.if(Boolean(redisUrl))('deployments sharing one Redis (OPS-5)', () => {
  test('each deployment has its own sweeper leader; instances of one deployment share it', async () => {
    const { one, two } = prefixes();
    const now = new Date();
    const leases = [];
    for (const [prefix, holder] of [
      [one, 'one-a'],
      [one, 'one-b'],
      [two, 'two-a'],
    ] as const) {
      const made = await sweeperLease(await deployment(prefix), holder);
      cleanup.push(() => made.close());
      leases.push(made.lease);
    }
    const [oneA, oneB, twoA] = leases as [(typeof leases)[0], (typeof leases)[0], (typeof leases)[0]];
    expect(await oneA.acquire(now)).toBe(true);
    expect(await twoA.acquire(now)).toBe(true); // another install: its sweepers run too
    expect(await oneB.acquire(now)).toBe(false); // same install: one leader
    const client = new Redis(redisUrl as string);
    cleanup.push(() => client.disconnect());
    expect(await client.get(`${one}:lease:sweepers`)).toBe('one-a');
    expect(await client.get(`${two}:lease:sweepers`)).toBe('two-a');
    expect(await client.exists('lease:sweepers')).toBe(0);
    await oneA.release();
    expect(await oneB.acquire(now)).toBe(true);
  });

  test('strike counters are per deployment; instances of one deployment count together', async () => {
    const { one, two } = prefixes();
    const make = async (prefix: string) => {
      const deps = await deployment(prefix);
      const security = await makeSecurityDeps(deps);
      cleanup.push(() => security.close());
      return security.counters;
    };
    const [oneA, oneB, twoA] = [await make(one), await make(one), await make(two)];
    const rule = { limit: 2, windowMs: 60_000 };
    const now = Date.parse('2026-12-03T07:00:00Z');
    const key = 'strike:203.0.113.9';
    expect((await oneA.take(key, rule, now)).allowed).toBe(true);
    expect((await oneB.take(key, rule, now + 1)).allowed).toBe(true);
    expect((await oneA.take(key, rule, now + 2)).allowed).toBe(false);
    // The other install has seen nothing from this address.
    expect(await twoA.count(key, rule.windowMs, now + 3)).toBe(0);
    expect((await twoA.take(key, rule, now + 3)).allowed).toBe(true);
    const client = new Redis(redisUrl as string);
    cleanup.push(() => client.disconnect());
    expect(await client.zcard(`${one}:sec:${key}`)).toBe(2);
    expect(await client.zcard(`${two}:sec:${key}`)).toBe(1);
    expect(await client.exists(`sec:${key}`)).toBe(0);
  });

  test('realtime events reach the instances of the same deployment only', async () => {
    const { one, two } = prefixes();
    const target = await deployment(one);
    const targetServer = await live(target);
    const sameServer = await live(await deployment(one));
    const otherServer = await live(await deployment(two));
    const { staff, socket } = await openStaff(targetServer, target, 'agent');
    cleanup.push(() => socket.close());

    // The other install publishes for the same user id; a raw subscriber sees that Redis took it.
    const watcher = new Redis(redisUrl as string);
    cleanup.push(() => watcher.disconnect());
    const seen: string[] = [];
    watcher.on('message', (channel: string) => seen.push(channel));
    await watcher.subscribe(redisNames(two).events);
    otherServer.deps.publisher.publish({ type: 'inbox.changed', userId: staff.id });
    await eventually(() => seen.length === 1);

    // Then an instance of the target's own deployment publishes: that one arrives, the first never.
    sameServer.deps.publisher.publish({ type: 'staff.removed', userId: `${staff.id}-someone-else` });
    sameServer.deps.publisher.publish({ type: 'inbox.changed', userId: staff.id });
    await socket.next((frame) => JSON.stringify(frame).includes('inbox'));
    const inboxFrames = socket.frames.filter((frame) => JSON.stringify(frame).includes('inbox'));
    expect(inboxFrames.length).toBe(1);
    expect(seen).toEqual([redisNames(two).events]);
  });

  test('a graceful stop removes the presence entries of the instance from Redis', async () => {
    const { one } = prefixes();
    const deps = await deployment(one);
    const running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisRetryDelayMs: 50 });
    const { staff, socket } = await openStaff(running, deps, 'agent');
    await eventually(() => socket.frames.length > 0);
    const client = new Redis(redisUrl as string);
    cleanup.push(() => client.disconnect());
    let live = false;
    for (let i = 0; i < 200 && !live; i++) {
      live = await running.deps.presence.isOnline({ kind: 'staff', id: staff.id });
      if (!live) await Bun.sleep(5);
    }
    expect(live).toBe(true);
    const before = await client.keys(`${one}:presence:*`);
    expect(before.some((key) => key.includes(':conns:staff:'))).toBe(true);
    expect(before.some((key) => key.includes(':alive:'))).toBe(true);

    await running.stop();
    socket.close();
    const after = (await client.keys(`${one}:presence:*`)).sort();
    // Only the "gone since" mark stays: routing reads it to release this agent's chats.
    expect(after).toEqual([`${one}:presence:gone:staff`]);
    expect(await client.zscore(`${one}:presence:gone:staff`, staff.id)).not.toBeNull();
  });
});

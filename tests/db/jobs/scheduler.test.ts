import { describe, expect, test } from 'bun:test';
import { databaseLease, type LeaderLease, redisLease } from '../../../src/jobs/lease.ts';
import { createScheduler, type Sweeper, type TickResult } from '../../../src/jobs/scheduler.ts';
import { makeTestDeps } from '../../support/make-app.ts';

const done: TickResult = { processed: 1, skipped: 0, failed: 0 };
const alwaysLeader: LeaderLease = { acquire: async () => true, release: async () => {} };

function countingSweeper(name: string, everyMs: number, calls: Date[]): Sweeper {
  return {
    name,
    everyMs,
    tick: async (_deps, now) => {
      calls.push(now);
      return done;
    },
  };
}

describe('scheduler (ROUTE-11)', () => {
  test('runs each sweeper when due by its own interval, with the clock it is given', async () => {
    const deps = await makeTestDeps();
    const fast: Date[] = [];
    const slow: Date[] = [];
    const scheduler = createScheduler(
      deps,
      [countingSweeper('fast', 5_000, fast), countingSweeper('slow', 30_000, slow)],
      {
        lease: alwaysLeader,
      },
    );
    const t0 = deps.clock.now().getTime();
    for (let s = 0; s <= 30; s++) await scheduler.runDue(new Date(t0 + s * 1000));
    expect(fast.map((d) => d.getTime() - t0)).toEqual([0, 5000, 10000, 15000, 20000, 25000, 30000]);
    expect(slow.map((d) => d.getTime() - t0)).toEqual([0, 30000]);
  });

  test('a failing tick is logged and isolated; the other sweepers still run', async () => {
    const deps = await makeTestDeps();
    const ran: Date[] = [];
    const broken: Sweeper = {
      name: 'broken',
      everyMs: 1000,
      tick: async () => {
        throw new Error('boom');
      },
    };
    const scheduler = createScheduler(deps, [broken, countingSweeper('fine', 1000, ran)], {
      lease: alwaysLeader,
    });
    expect(await scheduler.runDue(deps.clock.now())).toEqual({
      broken: { processed: 0, skipped: 0, failed: 1 },
      fine: done,
    });
    expect(deps.log.lines.find((l) => l.msg === 'job.tick_failed')?.job).toBe('broken');
    deps.clock.advance(1000);
    expect(Object.keys(await scheduler.runDue(deps.clock.now()))).toEqual(['broken', 'fine']);
  });

  test('a lease store that stops answering: no sweeper runs, one warning, not an error per beat (ADR 0044)', async () => {
    const deps = await makeTestDeps();
    const ran: Date[] = [];
    let reachable = false;
    const flaky: LeaderLease = {
      acquire: async () => {
        if (!reachable) throw new Error("Stream isn't writeable");
        return true;
      },
      release: async () => {},
    };
    const scheduler = createScheduler(deps, [countingSweeper('job', 1000, ran)], { lease: flaky });
    for (let beat = 0; beat < 5; beat++) {
      expect(await scheduler.runDue(deps.clock.now())).toEqual({});
      deps.clock.advance(1000);
    }
    reachable = true;
    expect(await scheduler.runDue(deps.clock.now())).toEqual({ job: done });
    expect(ran).toHaveLength(1);
    expect(deps.log.lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'job.lease_unavailable'],
      ['info', 'job.lease_restored'],
      ['info', 'job.tick'],
    ]);
    expect(deps.log.lines.find((l) => l.msg === 'job.lease_restored')?.failedBeats).toBe(5);
  });

  test('a tick still running is not started again; stop waits for it', async () => {
    const deps = await makeTestDeps();
    let finish: () => void = () => {};
    let started = 0;
    const slow: Sweeper = {
      name: 'slow',
      everyMs: 1000,
      tick: () => {
        started++;
        return new Promise((resolve) => {
          finish = () => resolve(done);
        });
      },
    };
    const scheduler = createScheduler(deps, [slow], { lease: alwaysLeader });
    const first = scheduler.runDue(deps.clock.now());
    deps.clock.advance(5000);
    expect(await scheduler.runDue(deps.clock.now())).toEqual({});
    expect(started).toBe(1);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await Promise.all([first, stopping]);
    expect(stopped).toBe(true);
  });

  test('only the lease holder runs sweepers; another instance takes over when the lease expires', async () => {
    const deps = await makeTestDeps();
    const a: Date[] = [];
    const b: Date[] = [];
    const lease = (holder: string) => databaseLease(deps.db, { name: 'sweepers', holder, ttlMs: 10_000 });
    const first = createScheduler(deps, [countingSweeper('job', 1000, a)], { lease: lease('instance-a') });
    const second = createScheduler(deps, [countingSweeper('job', 1000, b)], { lease: lease('instance-b') });
    const t0 = deps.clock.now().getTime();
    const at = (ms: number) => new Date(t0 + ms);
    await first.runDue(at(0));
    await second.runDue(at(0));
    await first.runDue(at(5_000)); // renews until 15 s
    await second.runDue(at(12_000));
    expect([a.length, b.length]).toEqual([2, 0]);
    // instance-a stops beating (crashed): at 15 s its lease has expired.
    await second.runDue(at(14_999));
    expect(b.length).toBe(0);
    await second.runDue(at(15_000));
    expect(b.length).toBe(1);
    await first.runDue(at(16_000));
    expect(a.length).toBe(2);
    // A clean stop hands the lease back at once.
    await second.stop();
    await first.runDue(at(17_000));
    expect(a.length).toBe(3);
  });
});

const redisUrl = process.env.TEST_REDIS_URL;

describe.if(Boolean(redisUrl))('Redis leader lease', () => {
  test('SET NX PX takes it, the holder renews it, a release frees it', async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis(redisUrl ?? '');
    const name = `test-${crypto.randomUUID()}`;
    try {
      const a = redisLease(redis, { name, holder: 'a', ttlMs: 5_000 });
      const b = redisLease(redis, { name, holder: 'b', ttlMs: 5_000 });
      const now = new Date();
      expect(await a.acquire(now)).toBe(true);
      expect(await b.acquire(now)).toBe(false);
      expect(await a.acquire(now)).toBe(true);
      expect(await redis.pttl(`lease:${name}`)).toBeGreaterThan(4_000);
      await b.release(); // not b's to release
      expect(await b.acquire(now)).toBe(false);
      await a.release();
      expect(await b.acquire(now)).toBe(true);
    } finally {
      await redis.del(`lease:${name}`);
      await redis.quit();
    }
  });

  test('an expired Redis lease goes to the next instance', async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis(redisUrl ?? '');
    const name = `test-${crypto.randomUUID()}`;
    try {
      const a = redisLease(redis, { name, holder: 'a', ttlMs: 5_000 });
      expect(await a.acquire(new Date())).toBe(true);
      // Let Redis expire it (1 ms TTL); the loop only waits for Redis's own clock.
      await redis.pexpire(`lease:${name}`, 1);
      for (let i = 0; i < 1000 && (await redis.exists(`lease:${name}`)) === 1; i++) await Bun.sleep(1);
      expect(await redis.exists(`lease:${name}`)).toBe(0);
      expect(await redisLease(redis, { name, holder: 'b', ttlMs: 5_000 }).acquire(new Date())).toBe(true);
    } finally {
      await redis.del(`lease:${name}`);
      await redis.quit();
    }
  });
});

import { afterAll, describe, expect, test } from 'bun:test';
import { recordStrike, type StrikeRule, strikeRules } from '../../../src/security/strikes.service.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeTestDeps } from '../../support/make-app.ts';
import { eventually, redisSecurity, redisUrl, uniquePrefix } from '../../support/security.ts';
import { testDialects } from '../../support/test-db.ts';

const IP = '198.51.100.23';
const rules = Object.keys(strikeRules) as StrikeRule[];

describeEachDialect(`strike rules (SEC-2)`, (fresh) => {
  for (const rule of rules) {
    const { limit, windowMs, blockMs } = strikeRules[rule];
    test(`${rule}: ${limit - 1} strikes do not block, the ${limit}th does, for exactly ${blockMs / 60_000} min`, async () => {
      const { deps } = await fresh();
      for (let i = 1; i < limit; i++) {
        expect(await recordStrike(deps, IP, rule)).toEqual({ blocked: false });
        deps.clock.advance(Math.floor(windowMs / limit) - 1); // all inside one window
      }
      expect(deps.blocks.isBlocked(IP)).toBe(false);
      expect(await recordStrike(deps, IP, rule)).toEqual({ blocked: true });
      expect(deps.blocks.isBlocked(IP)).toBe(true);
      expect(deps.blocks.isBlocked('198.51.100.24')).toBe(false);

      const rows = await deps.db.selectFrom('ip_blocks').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ ip: IP, kind: 'strike', rule, lifted_at: null });

      deps.clock.advance(blockMs - 1);
      expect(deps.blocks.isBlocked(IP)).toBe(true);
      deps.clock.advance(1);
      expect(deps.blocks.isBlocked(IP)).toBe(false);
    });
  }

  test('strikes spread wider than the window never block', async () => {
    const { deps } = await fresh();
    const { limit, windowMs } = strikeRules.failed_login;
    for (let i = 0; i < limit * 3; i++) {
      expect((await recordStrike(deps, IP, 'failed_login')).blocked).toBe(false);
      deps.clock.advance(windowMs / (limit - 1));
    }
    expect(await deps.db.selectFrom('ip_blocks').selectAll().execute()).toEqual([]);
  });

  test('a strike block survives a restart: a new registry loads it from the database', async () => {
    const { deps, db } = await fresh();
    for (let i = 0; i < strikeRules.bad_upload.limit; i++) await recordStrike(deps, IP, 'bad_upload');
    const restarted = await makeTestDeps({ db });
    restarted.clock.set(deps.clock.now());
    await restarted.blocks.load();
    expect(restarted.blocks.isBlocked(IP)).toBe(true);
    restarted.clock.advance(strikeRules.bad_upload.blockMs);
    await restarted.blocks.load();
    expect(restarted.blocks.isBlocked(IP)).toBe(false);
  });
});

describe.if(redisUrl !== undefined)('two instances sharing Redis count together', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  for (const dialect of testDialects) {
    test(`on ${dialect.name}: strikes alternate between instances; the 5th blocks on both`, async () => {
      const database = await dialect.create();
      const prefix = uniquePrefix();
      const one = await makeTestDeps({ db: database.db });
      const two = await makeTestDeps({ db: database.db });
      const a = await redisSecurity(redisUrl ?? '', prefix, one);
      const b = await redisSecurity(redisUrl ?? '', prefix, two);
      cleanups.push(a.close, b.close, database.dispose);
      const instanceA = { ...one, ...a };
      const instanceB = { ...two, ...b };
      const { limit } = strikeRules.failed_login;
      const results: boolean[] = [];
      for (let i = 0; i < limit; i++) {
        const instance = i % 2 === 0 ? instanceA : instanceB;
        results.push((await recordStrike(instance, IP, 'failed_login')).blocked);
      }
      expect(results).toEqual([false, false, false, false, true]);
      expect(await database.db.selectFrom('ip_blocks').selectAll().execute()).toHaveLength(1);
      // The instance that wrote the block knows at once; the other hears it through Redis.
      expect(instanceA.blocks.isBlocked(IP)).toBe(true);
      await eventually(() => instanceB.blocks.isBlocked(IP));
    });
  }

  test('concurrent strikes from two instances create exactly one block', async () => {
    const database = await testDialects[0]?.create();
    if (!database) throw new Error('no dialect');
    const prefix = uniquePrefix();
    const one = await makeTestDeps({ db: database.db });
    const two = await makeTestDeps({ db: database.db });
    const a = await redisSecurity(redisUrl ?? '', prefix, one);
    const b = await redisSecurity(redisUrl ?? '', prefix, two);
    cleanups.push(a.close, b.close, database.dispose);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        recordStrike(i % 2 === 0 ? { ...one, ...a } : { ...two, ...b }, IP, 'rate_limited'),
      ),
    );
    // Strikes past the 5th, racing the block write, are refused by the shared counter: one block.
    expect(outcomes.filter((o) => o.blocked)).toHaveLength(1);
    expect(await database.db.selectFrom('ip_blocks').selectAll().execute()).toHaveLength(1);
    await eventually(() => a.blocks.isBlocked(IP) && b.blocks.isBlocked(IP));
  });
});

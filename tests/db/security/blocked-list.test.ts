import { expect, test } from 'bun:test';
import { insertIpBlock, listIpBlocksPage } from '../../../src/security/ip-blocks.queries.ts';
import { toIso } from '../../../src/shared/clock.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { createStaff, type TestDeps } from '../../support/make-app.ts';
import { sqlitePlans } from '../../support/query-plans.ts';

const MINUTE = 60_000;

/** A block row made `minutesAgo` before the clock's now. */
async function seedBlock(
  deps: TestDeps,
  block: {
    ip: string;
    kind: 'manual' | 'strike';
    minutesAgo: number;
    expiresInMinutes?: number;
    by?: string;
  },
) {
  const now = deps.clock.now().getTime();
  const id = deps.ids.next();
  await insertIpBlock(deps.db, {
    id,
    ip: block.ip,
    kind: block.kind,
    rule: block.kind === 'strike' ? 'failed_login' : null,
    reason: block.kind === 'strike' ? '5 × failed_login within 10 min' : 'spam',
    conversationId: null,
    createdBy: block.by ?? null,
    now: toIso(new Date(now - block.minutesAgo * MINUTE)),
    expiresAt:
      block.expiresInMinutes === undefined ? null : toIso(new Date(now + block.expiresInMinutes * MINUTE)),
  });
  return id;
}

describeEachDialect('Blocked addresses list (SEC-3)', (fresh, dialect) => {
  test('in force: manual and live strike blocks newest first with the operator, keyset pages without gaps', async () => {
    const { deps } = await fresh();
    const admin = await createStaff(deps, 'admin');
    const now = toIso(deps.clock.now());
    const expected: string[] = [];
    // 40 manual blocks across 4 days, 20 strikes still running interleaved in time (ties included).
    for (let i = 0; i < 40; i++) {
      expected.push(
        await seedBlock(deps, { ip: `198.51.100.${i}`, kind: 'manual', minutesAgo: i * 144, by: admin.id }),
      );
    }
    for (let i = 0; i < 20; i++) {
      expected.push(
        await seedBlock(deps, {
          ip: `203.0.113.${i}`,
          kind: 'strike',
          minutesAgo: i * 6,
          expiresInMinutes: 30,
        }),
      );
    }
    // Not in force: expired strikes (many) and a lifted manual block.
    for (let i = 0; i < 30; i++) {
      await seedBlock(deps, {
        ip: `192.0.2.${i}`,
        kind: 'strike',
        minutesAgo: 300 + i,
        expiresInMinutes: -200,
      });
    }
    const liftedId = await seedBlock(deps, {
      ip: '192.0.2.200',
      kind: 'manual',
      minutesAgo: 1,
      by: admin.id,
    });
    await deps.db
      .updateTable('ip_blocks')
      .set({ lifted_at: now, lifted_by: admin.id })
      .where('id', '=', liftedId)
      .execute();

    const seen: string[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const rows = await listIpBlocksPage(deps.db, { state: 'active', kind: 'all', now, after, count: 26 });
      const shown = rows.slice(0, 25);
      seen.push(...shown.map((r) => r.id));
      const last = shown.at(-1);
      if (rows.length <= 25 || !last) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(seen.sort()).toEqual(expected.sort());

    const first = await listIpBlocksPage(deps.db, { state: 'active', kind: 'all', now, count: 60 });
    const order = first.map((r) => `${r.createdAt}|${r.id}`);
    expect(order).toEqual([...order].sort().reverse());
    expect(first.find((r) => r.kind === 'manual')).toMatchObject({
      createdByName: expect.stringContaining('admin'),
    });
    expect(first.find((r) => r.kind === 'strike')).toMatchObject({
      createdByName: null,
      rule: 'failed_login',
    });
  });

  test('history holds the lifted and the expired, with who lifted; kind and address filter both states', async () => {
    const { deps } = await fresh();
    const admin = await createStaff(deps, 'admin');
    const now = toIso(deps.clock.now());
    const manual = await seedBlock(deps, {
      ip: '198.51.100.7',
      kind: 'manual',
      minutesAgo: 10,
      by: admin.id,
    });
    await seedBlock(deps, { ip: '198.51.100.7', kind: 'strike', minutesAgo: 60, expiresInMinutes: -30 });
    await seedBlock(deps, { ip: '198.51.100.8', kind: 'strike', minutesAgo: 5, expiresInMinutes: 25 });
    await deps.db
      .updateTable('ip_blocks')
      .set({ lifted_at: now, lifted_by: admin.id })
      .where('id', '=', manual)
      .execute();

    const history = await listIpBlocksPage(deps.db, { state: 'history', kind: 'all', now, count: 10 });
    expect(history.map((r) => [r.ip, r.kind, r.liftedByName !== null])).toEqual([
      ['198.51.100.7', 'manual', true],
      ['198.51.100.7', 'strike', false],
    ]);
    const byIp = await listIpBlocksPage(deps.db, {
      state: 'active',
      kind: 'all',
      ip: '198.51.100.8',
      now,
      count: 10,
    });
    expect(byIp.map((r) => r.ip)).toEqual(['198.51.100.8']);
    expect(await listIpBlocksPage(deps.db, { state: 'active', kind: 'manual', now, count: 10 })).toEqual([]);
    const strikes = await listIpBlocksPage(deps.db, { state: 'history', kind: 'strike', now, count: 10 });
    expect(strikes.map((r) => r.kind)).toEqual(['strike']);
  });

  if (dialect.name === 'sqlite') {
    test('in force, each part seeks ip_blocks_live_ix and sorts nothing: expired strikes are never read', async () => {
      const { deps } = await fresh();
      const now = toIso(deps.clock.now());
      const after = { createdAt: now, id: deps.ids.next() };
      const plans = await sqlitePlans(deps.db, (db) =>
        listIpBlocksPage(db, { state: 'active', kind: 'all', now, after, count: 26 }),
      );
      expect(plans).toHaveLength(2);
      const [permanent, temporary] = plans;
      expect(permanent).toContain(
        'USING INDEX ip_blocks_live_ix (lifted_at=? AND expires_at=? AND created_at<?)',
      );
      expect(permanent).not.toContain('TEMP B-TREE');
      // The live temporary ones are few (they end within hours): a range, then a small sort.
      expect(temporary).toContain('USING INDEX ip_blocks_live_ix (lifted_at=? AND expires_at>?)');
    });
  }
});

import { afterAll, describe, expect, test } from 'bun:test';
import { listIpBlocksForIp } from '../../../src/security/ip-blocks.queries.ts';
import { blockIp, unblockIp } from '../../../src/security/ip-blocks.service.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { createStaff, makeTestDeps } from '../../support/make-app.ts';
import { eventually, redisSecurity, redisUrl, uniquePrefix } from '../../support/security.ts';
import { testDialects } from '../../support/test-db.ts';

/** Where the operator signs in from: never the address they block. */
const OPERATOR_IP = '192.0.2.1';

describeEachDialect(`manual IP blocks (SEC-3)`, (fresh) => {
  test('a manual block is permanent, records operator, reason, time and chat; unblock stamps the row', async () => {
    const { deps } = await fresh();
    const admin = await createStaff(deps, 'admin');
    const blocked = await blockIp(deps, {
      ip: '::ffff:198.51.100.40',
      reason: '  abusive messages  ',
      operatorId: admin.id,
      operatorIp: OPERATOR_IP,
      conversationId: 'conv-1',
    });
    if (!blocked.ok) throw new Error(blocked.code);
    expect(blocked.value).toMatchObject({
      ip: '198.51.100.40',
      kind: 'manual',
      reason: 'abusive messages',
      createdBy: admin.id,
      conversationId: 'conv-1',
      createdAt: deps.clock.now().toISOString(),
      expiresAt: null,
    });
    deps.clock.advance(365 * 86_400_000);
    expect(deps.blocks.isBlocked('198.51.100.40')).toBe(true);

    deps.clock.advance(60_000);
    const lifted = await unblockIp(deps, { blockId: blocked.value.id, operatorId: admin.id });
    expect(lifted).toEqual({ ok: true, value: { ip: '198.51.100.40', lifted: 1 } });
    expect(deps.blocks.isBlocked('198.51.100.40')).toBe(false);
    const history = await listIpBlocksForIp(deps.db, '198.51.100.40');
    expect(history).toHaveLength(1); // never deleted
    expect(history[0]).toMatchObject({ liftedBy: admin.id, liftedAt: deps.clock.now().toISOString() });
    expect(await unblockIp(deps, { blockId: blocked.value.id, operatorId: admin.id })).toEqual({
      ok: false,
      code: 'block.not_found',
    });
  });

  test('unblock by address lifts every active block of it (manual and strike)', async () => {
    const { deps } = await fresh();
    const admin = await createStaff(deps, 'admin');
    await blockIp(deps, { ip: '2001:db8::7', reason: 'spam', operatorId: admin.id, operatorIp: OPERATOR_IP });
    await blockIp(deps, {
      ip: '2001:DB8:0::7',
      reason: 'more spam',
      operatorId: admin.id,
      operatorIp: OPERATOR_IP,
    });
    expect(deps.blocks.isBlocked('2001:db8::7')).toBe(true);
    expect(await unblockIp(deps, { ip: '[2001:db8::7]:80', operatorId: admin.id })).toEqual({
      ok: true,
      value: { ip: '2001:db8::7', lifted: 2 },
    });
    expect(deps.blocks.isBlocked('2001:db8::7')).toBe(false);
    expect(await unblockIp(deps, { ip: '2001:db8::7', operatorId: admin.id })).toEqual({
      ok: false,
      code: 'block.not_found',
    });
  });

  test('bad input is refused and writes nothing', async () => {
    const { deps } = await fresh();
    const admin = await createStaff(deps, 'admin');
    const attempts = [
      { ip: 'not-an-ip', reason: 'x' },
      { ip: '198.51.100.1', reason: '   ' },
      { ip: '198.51.100.1', reason: 'x'.repeat(501) },
    ];
    const codes = [];
    for (const attempt of attempts) {
      const result = await blockIp(deps, { ...attempt, operatorId: admin.id, operatorIp: OPERATOR_IP });
      codes.push(result.ok ? 'ok' : result.code);
    }
    expect(codes).toEqual(['block.invalid_ip', 'block.reason_required', 'block.reason_too_long']);
    expect(await deps.db.selectFrom('ip_blocks').selectAll().execute()).toEqual([]);
  });
});

describe.if(redisUrl !== undefined)('blocks reach every instance through Redis', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  for (const dialect of testDialects) {
    test(`on ${dialect.name}: a block and an unblock on one instance take effect on the other`, async () => {
      const database = await dialect.create();
      const prefix = uniquePrefix();
      const one = await makeTestDeps({ db: database.db });
      const two = await makeTestDeps({ db: database.db });
      const a = { ...one, ...(await redisSecurity(redisUrl ?? '', prefix, one)) };
      const b = { ...two, ...(await redisSecurity(redisUrl ?? '', prefix, two)) };
      cleanups.push(a.close, b.close, database.dispose);
      const admin = await createStaff(one, 'admin');
      await blockIp(a, {
        ip: '198.51.100.77',
        reason: 'spam',
        operatorId: admin.id,
        operatorIp: OPERATOR_IP,
      });
      expect(a.blocks.isBlocked('198.51.100.77')).toBe(true);
      await eventually(() => b.blocks.isBlocked('198.51.100.77'));
      await unblockIp(b, { ip: '198.51.100.77', operatorId: admin.id });
      expect(b.blocks.isBlocked('198.51.100.77')).toBe(false);
      await eventually(() => !a.blocks.isBlocked('198.51.100.77'));
    });
  }
});

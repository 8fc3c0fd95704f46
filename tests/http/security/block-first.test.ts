import { describe, expect, test } from 'bun:test';
import { blockIp } from '../../../src/security/ip-blocks.service.ts';
import { createStaff, makeTestApp, ORIGIN, TEST_PASSWORD } from '../../support/make-app.ts';
import { BROWSER_UA, fromPeer } from '../../support/peer.ts';

const ATTACKER = '198.51.100.66';

/** Where the operator signs in from: never the address they block. */
const OPERATOR_IP = '192.0.2.1';

describe('block check first (SEC-1)', () => {
  test('a blocked address gets a bare 403 everywhere: pages, static files, health, unknown paths, posts', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    await blockIp(deps, { ip: ATTACKER, reason: 'abuse', operatorId: admin.id, operatorIp: OPERATOR_IP });
    const linesBefore = deps.log.lines.length;
    const requests: Array<[string, RequestInit]> = [
      ['/login', {}],
      ['/static/vendor/htmx.js', {}],
      ['/healthz', {}],
      ['/readyz', {}],
      ['/no/such/page', {}],
      ['/ws', { headers: { Upgrade: 'websocket', Connection: 'Upgrade' } }],
      ['/admin', { headers: { Cookie: admin.cookie } }],
      [
        '/login',
        {
          method: 'POST',
          headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ email: 'x@y.z', password: TEST_PASSWORD }).toString(),
        },
      ],
    ];
    for (const [path, init] of requests) {
      const res = await app.request(path, init, fromPeer(ATTACKER));
      expect({ path, status: res.status, body: await res.text() }).toEqual({ path, status: 403, body: '' });
      expect(res.headers.get('X-Request-Id')).toBeNull(); // nothing else ran
    }
    expect(deps.log.lines.length).toBe(linesBefore); // no request log, no session lookup, no strike
    expect(await deps.db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
  });

  test('other addresses are unaffected, and the block ends when it is lifted', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const block = await blockIp(deps, {
      ip: ATTACKER,
      reason: 'abuse',
      operatorId: admin.id,
      operatorIp: OPERATOR_IP,
    });
    expect((await app.request('/login', {}, fromPeer('198.51.100.67'))).status).toBe(200);
    const { unblockIp } = await import('../../../src/security/ip-blocks.service.ts');
    if (!block.ok) throw new Error(block.code);
    await unblockIp(deps, { blockId: block.value.id, operatorId: admin.id });
    expect(
      (await app.request('/login', { headers: { 'User-Agent': BROWSER_UA } }, fromPeer(ATTACKER))).status,
    ).toBe(200);
  });

  test('the check is the first middleware: it is registered before every other handler', async () => {
    const { app } = await makeTestApp();
    const names = app.routes.map((r) => r.handler.name);
    expect(names.slice(0, 2)).toEqual(['clientIpMiddleware', 'blockFirstMiddleware']);
  });

  test('a blocked address behind a trusted proxy is found through X-Forwarded-For', async () => {
    const { app, deps } = await makeTestApp({ env: { TRUSTED_PROXIES: '10.0.0.0/8' } });
    const admin = await createStaff(deps, 'admin');
    await blockIp(deps, { ip: ATTACKER, reason: 'abuse', operatorId: admin.id, operatorIp: OPERATOR_IP });
    const viaProxy = (xff: string) =>
      app.request(
        '/login',
        { headers: { 'X-Forwarded-For': xff, 'User-Agent': BROWSER_UA } },
        fromPeer('10.1.2.3'),
      );
    expect((await viaProxy(`1.2.3.4, ${ATTACKER}`)).status).toBe(403);
    // Forging a different left-most address does not help.
    expect((await viaProxy(`203.0.113.1, ${ATTACKER}, 10.9.9.9`)).status).toBe(403);
    // And nobody can frame the attacker's address onto an innocent request.
    expect((await viaProxy(`${ATTACKER}, 203.0.113.50`)).status).toBe(200);
  });
});

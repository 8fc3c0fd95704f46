import { describe, expect, test } from 'bun:test';
import { blockIp } from '../../../src/security/ip-blocks.service.ts';
import { recordStrike, strikeRules } from '../../../src/security/strikes.service.ts';
import { makeConversation, makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, makeTestApp, ORIGIN } from '../../support/make-app.ts';
import { BROWSER_UA, fromPeer } from '../../support/peer.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });
const OFFICE = '192.0.2.10';

type App = Awaited<ReturnType<typeof makeTestApp>>['app'];

/** A same-origin form post from the office address, as the admin's browser sends it. */
const post = (app: App, path: string, cookie: string, form: Record<string, string> = {}) =>
  app.request(
    path,
    {
      method: 'POST',
      headers: {
        ...hx(cookie),
        Origin: ORIGIN,
        'Content-Type': 'application/x-www-form-urlencoded',
        'User-Agent': BROWSER_UA,
      },
      body: new URLSearchParams(form).toString(),
    },
    fromPeer(OFFICE),
  );

async function seed() {
  const made = await makeTestApp();
  const { deps } = made;
  const admin = await createStaff(deps, 'admin', { email: 'ada@example.test' });
  await deps.db.updateTable('users').set({ display_name: 'Ada Admin' }).where('id', '=', admin.id).execute();
  const project = await makeProject(deps.db);
  const visitor = await makeVisitor(deps.db, { project_id: project.id, first_ip: '203.0.113.50' });
  const chat = await makeConversation(deps.db, { project_id: project.id, visitor_id: visitor.id });
  const manual = await blockIp(deps, {
    ip: '203.0.113.50',
    reason: 'Sent threats',
    operatorId: admin.id,
    operatorIp: OFFICE,
    conversationId: chat.id,
  });
  if (!manual.ok) throw new Error(manual.code);
  deps.clock.advance(60_000);
  for (let i = 0; i < strikeRules.failed_login.limit; i++)
    await recordStrike(deps, '198.51.100.9', 'failed_login');
  return { ...made, admin, chat, manualId: manual.value.id };
}

describe('Blocked addresses page (SEC-3)', () => {
  test('admins and managers see every block in force: manual and automatic, reason, operator, time, expiry', async () => {
    const { app, deps, chat } = await seed();
    const manager = await createStaff(deps, 'manager');
    for (const [base, cookie] of [
      ['/admin', (await createStaff(deps, 'admin')).cookie],
      ['/manager', manager.cookie],
    ] as const) {
      const res = await app.request(`${base}/blocks`, { headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<h1>Blocked addresses</h1>');
      expect(html).toContain('In force <span class="status-count">2</span>');
      const strike = html.indexOf('198.51.100.9');
      const manual = html.indexOf('203.0.113.50');
      expect(strike).toBeGreaterThan(0);
      expect(manual).toBeGreaterThan(strike); // newest first
      expect(html).toContain('Sent threats');
      expect(html).toContain('Ada Admin');
      expect(html).toContain('Failed sign-ins');
      expect(html).toContain('23 Nov 2026, 10:00');
      expect(html).toContain('Never (until unblocked)');
      expect(html).toContain('23 Nov 2026, 10:31'); // the strike block ends 30 min after the 5th strike
      expect(html).toContain(`href="${base}/chats/${chat.id}"`);
    }
    const agent = await createStaff(deps, 'agent');
    expect((await app.request('/admin/blocks', { headers: { Cookie: agent.cookie } })).status).toBe(403);
  });

  test('unblock from the page lifts the block at once; it moves to History with who lifted it', async () => {
    const { app, admin, manualId } = await seed();
    const visit = () =>
      app.request('/login', { headers: { 'User-Agent': BROWSER_UA } }, fromPeer('203.0.113.50'));
    expect((await visit()).status).toBe(403);
    const res = await post(app, `/admin/blocks/${manualId}/unblock`, admin.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toStartWith('<div id="blocks-body"');
    expect(html).toContain('Unblocked 203.0.113.50.');
    expect(html).not.toContain('Sent threats');
    expect((await visit()).status).toBe(200);

    const history = await (
      await app.request('/admin/blocks?state=history', { headers: hx(admin.cookie) })
    ).text();
    expect(history).toContain('Sent threats');
    expect(history).toMatch(/Lifted 23 Nov 2026, 10:01 by Ada Admin/);
    const again = await post(app, `/admin/blocks/${manualId}/unblock`, admin.cookie);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('That block is no longer in force.');
  });

  test('an address is blocked from the page with a reason; bad input is a 422 that keeps the form open', async () => {
    const { app, deps, admin } = await seed();
    const noReason = await post(app, '/admin/blocks', admin.cookie, { ip: '198.51.100.77', reason: '' });
    expect(noReason.status).toBe(422);
    const refused = await noReason.text();
    expect(refused).toContain('<details class="card add-block" open="">');
    expect(refused).toContain('id="block-reason-error">Give a reason for the block.');
    expect(refused).toContain('value="198.51.100.77"');
    const badIp = await post(app, '/admin/blocks', admin.cookie, { ip: '198.51.100', reason: 'spam' });
    expect(badIp.status).toBe(422);
    expect(await badIp.text()).toContain('id="block-ip-error">Enter an IPv4 or IPv6 address');
    const own = await post(app, '/admin/blocks', admin.cookie, { ip: OFFICE, reason: 'oops' });
    expect(own.status).toBe(422);
    expect(await own.text()).toContain(`${OFFICE} is the address you are signed in from`);
    expect(deps.blocks.isBlocked('198.51.100.77')).toBe(false);

    const ok = await post(app, '/admin/blocks', admin.cookie, { ip: ' 198.51.100.77 ', reason: 'Scraping' });
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain('Blocked 198.51.100.77. It gets a bare 403 everywhere from now on.');
    expect(html).toContain('Scraping');
    expect(deps.blocks.isBlocked('198.51.100.77')).toBe(true);
  });

  test('filters by kind and by exact address; 25 a page with an Older link', async () => {
    const { app, deps, admin } = await seed();
    for (let i = 0; i < 30; i++) {
      deps.clock.advance(1000);
      await blockIp(deps, {
        ip: `192.0.2.${100 + i}`,
        reason: `r${i}`,
        operatorId: admin.id,
        operatorIp: OFFICE,
      });
    }
    const rows = (html: string) => html.match(/<tr id="block-/g)?.length ?? 0;
    const first = await (await app.request('/admin/blocks', { headers: hx(admin.cookie) })).text();
    expect(rows(first)).toBe(25);
    const older =
      /href="(\/admin\/blocks\?[^"]*after=[^"]+)"/.exec(first)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const second = await (await app.request(older, { headers: hx(admin.cookie) })).text();
    expect(rows(second)).toBe(7);
    const strikes = await (
      await app.request('/admin/blocks?kind=strike', { headers: hx(admin.cookie) })
    ).text();
    expect(rows(strikes)).toBe(1);
    const one = await (
      await app.request('/admin/blocks?ip=192.0.2.105', { headers: hx(admin.cookie) })
    ).text();
    expect(rows(one)).toBe(1);
    expect(one).toContain('r5');
    const bad = await app.request('/admin/blocks?ip=192.0', { headers: hx(admin.cookie) });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Enter a whole IPv4 or IPv6 address');
    expect((await app.request('/admin/blocks?state=gone', { headers: hx(admin.cookie) })).status).toBe(400);
  });

  test('the chat modal names who blocked the visitor', async () => {
    const { app, admin, chat } = await seed();
    const panel = await (await app.request(`/admin/chats/${chat.id}`, { headers: hx(admin.cookie) })).text();
    expect(panel).toContain('by Ada Admin');
    expect(panel).toContain('Sent threats');
  });
});

import { describe, expect, test } from 'bun:test';
import { loadRoutingSettings } from '../../../src/routing/routing.service.ts';
import { defaultRoutingSettings } from '../../../src/routing/routing-settings.ts';
import { loadMarketingTags } from '../../../src/settings/marketing-tags.service.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });
const routingForm = {
  mode: 'balanced',
  visitorGoneSeconds: '20',
  agentGoneSeconds: '45',
  agentIdleMinutes: '10',
  defaultActiveLimit: '4',
  defaultOfflineLimit: '8',
};

describe('global settings (admin only)', () => {
  test("saves mode and timers into routing's 'routing' document; new agents get the default limits", async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    expect(await loadRoutingSettings(deps)).toEqual(defaultRoutingSettings);
    const res = await postForm(app, '/admin/settings', routingForm, hx(admin.cookie));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Saved.');
    expect(await loadRoutingSettings(deps)).toEqual({
      ...defaultRoutingSettings,
      mode: 'balanced',
      visitorGoneMs: 20_000,
      agentGoneMs: 45_000,
      agentIdleMs: 600_000,
    });
    const routing = await deps.db
      .selectFrom('settings')
      .selectAll()
      .where('key', '=', 'routing')
      .executeTakeFirst();
    expect(routing?.updated_by).toBe(admin.id);
    const page = await (await app.request('/admin/settings', { headers: { Cookie: admin.cookie } })).text();
    expect(page).toContain('name="agentGoneSeconds" type="number" value="45"');
    const newAgent = await (
      await app.request('/admin/agents/new', { headers: { Cookie: admin.cookie } })
    ).text();
    expect(newAgent).toContain('name="activeLimit" type="number" value="4"');
    expect(newAgent).toContain('name="offlineLimit" type="number" value="8"');
  });

  test('out-of-range timers are 422 field errors and nothing is saved', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const res = await postForm(
      app,
      '/admin/settings',
      { ...routingForm, mode: 'random', visitorGoneSeconds: '1', agentIdleMinutes: 'soon' },
      hx(admin.cookie),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="settings-mode-error">Choose a routing mode.');
    expect(html).toContain('id="settings-visitorGoneSeconds-error">At least 5 seconds.');
    expect(html).toContain('id="settings-agentIdleMinutes-error">Enter a whole number.');
    expect(await deps.db.selectFrom('settings').selectAll().execute()).toEqual([]);
  });

  test('a manager is denied settings and tags, reads and writes', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    for (const path of ['/admin/settings', '/admin/tags']) {
      expect((await app.request(path, { headers: { Cookie: manager.cookie } })).status).toBe(403);
      expect((await postForm(app, path, routingForm, hx(manager.cookie))).status).toBe(403);
    }
    expect(await deps.db.selectFrom('settings').selectAll().execute()).toEqual([]);
  });
});

describe('marketing tags (ADMIN-6)', () => {
  const tags = {
    head: '<script>window.dataLayer=[]</script><script src="https://www.googletagmanager.com/gtm.js?id=GTM-X"></script>',
    body: '<noscript><img src="https://www.googletagmanager.com/px.gif" alt=""></noscript>',
    origins: 'https://www.googletagmanager.com',
  };

  test('saved tags appear on the next page of every kind, nonced, with the CSP extended to match', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    expect((await postForm(app, '/admin/tags', tags, hx(admin.cookie))).status).toBe(200);
    expect((await loadMarketingTags(deps)).origins).toEqual(['https://www.googletagmanager.com']);

    for (const [path, headers] of [
      ['/login', {}],
      ['/admin/agents', { Cookie: admin.cookie }],
      ['/no-such-page', {}],
    ] as const) {
      const res = await app.request(path, { headers });
      const html = await res.text();
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1] ?? 'missing';
      expect(html).toContain(`<script nonce="${nonce}">window.dataLayer=[]</script><script src=`);
      expect(html).toContain(
        `<script src="https://www.googletagmanager.com/gtm.js?id=GTM-X" nonce="${nonce}"></script></head>`,
      );
      expect(html).toMatch(/<body[^>]*><noscript><img src="https:\/\/www.googletagmanager.com\/px.gif"/);
      expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' https://www.googletagmanager.com`);
      expect(csp).not.toContain('unsafe-inline');
    }
    const first = (await app.request('/login')).headers.get('Content-Security-Policy');
    const second = (await app.request('/login')).headers.get('Content-Security-Policy');
    expect(first).not.toBe(second);
  });

  test('fragments, JSON and static files never carry tags, and without tags the CSP stays strict', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const before = await app.request('/login');
    expect(before.headers.get('Content-Security-Policy')).not.toContain('nonce');
    await postForm(app, '/admin/tags', tags, hx(admin.cookie));
    const fragment = await app.request('/admin/tags', { headers: hx(admin.cookie) });
    expect(await fragment.text()).not.toContain('<script nonce');
    const health = await app.request('/healthz');
    expect(await health.text()).toBe('{"status":"ok"}');
    expect(health.headers.get('Content-Security-Policy')).not.toContain('nonce');
    const css = await app.request('/static/css/app.css');
    expect(await css.text()).not.toContain('googletagmanager');
  });

  test('bad tag origins are refused (422) and the previous tags stay', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    await postForm(app, '/admin/tags', tags, hx(admin.cookie));
    const res = await postForm(
      app,
      '/admin/tags',
      { ...tags, head: '<script>x()</script>', origins: 'googletagmanager.com' },
      hx(admin.cookie),
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(
      'id="tags-origins-error">&quot;googletagmanager.com&quot; is not an origin.',
    );
    expect((await loadMarketingTags(deps)).head).toBe(tags.head);
  });
});

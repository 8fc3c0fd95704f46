import { describe, expect, test } from 'bun:test';
import { loadMarketingTags } from '../../../src/settings/marketing-tags.service.ts';
import {
  DEFAULT_ROUTING_SETTINGS,
  loadRoutingSettings,
} from '../../../src/settings/routing-settings.service.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });
const routingForm = {
  mode: 'balanced',
  visitorGraceSeconds: '20',
  agentGraceSeconds: '45',
  idleLogoutMinutes: '10',
  defaultActiveLimit: '4',
  defaultOfflineLimit: '8',
};

describe('global settings (admin only)', () => {
  test("saves routing settings under the 'routing' key in milliseconds; new agents get the default limits", async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    expect(await loadRoutingSettings(deps)).toEqual(DEFAULT_ROUTING_SETTINGS);
    const res = await postForm(app, '/admin/settings', routingForm, hx(admin.cookie));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Saved.');
    const stored = await deps.db
      .selectFrom('settings')
      .selectAll()
      .where('key', '=', 'routing')
      .executeTakeFirst();
    expect(JSON.parse(stored?.value ?? '{}')).toEqual({
      mode: 'balanced',
      visitorGraceMs: 20_000,
      agentGraceMs: 45_000,
      idleLogoutMs: 600_000,
      defaultActiveLimit: 4,
      defaultOfflineLimit: 8,
    });
    expect(stored?.updated_by).toBe(admin.id);
    const newAgent = await (
      await app.request('/admin/agents/new', { headers: { Cookie: admin.cookie } })
    ).text();
    expect(newAgent).toContain('name="activeLimit" type="number" value="4"');
  });

  test('out-of-range timers are 422 field errors and nothing is saved', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const res = await postForm(
      app,
      '/admin/settings',
      { ...routingForm, mode: 'random', visitorGraceSeconds: '1', idleLogoutMinutes: 'soon' },
      hx(admin.cookie),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="settings-mode-error">Choose a routing mode.');
    expect(html).toContain('id="settings-visitorGraceSeconds-error">At least 5 seconds.');
    expect(html).toContain('id="settings-idleLogoutMinutes-error">Enter a whole number.');
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

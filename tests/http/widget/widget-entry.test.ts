import { describe, expect, test } from 'bun:test';
import { phoneRulesBundle, visitorBundle, widgetBundle } from '../../../src/assets/bundles.ts';
import type { Db } from '../../../src/db/database.ts';
import { hashToken, randomToken } from '../../../src/shared/ids.ts';
import { makeConversation, makeProject, makeVisitor } from '../../support/factories.ts';
import { makeTestApp } from '../../support/make-app.ts';
import { visitorProject } from '../visitor/visitor-support.ts';

const SITE = 'https://shop.client.com';
const gz = { 'Accept-Encoding': 'gzip' };

async function allow(db: Db, projectId: string, origin: string) {
  await db
    .insertInto('project_origins')
    .values({
      id: `o-${randomToken().slice(0, 20)}`,
      project_id: projectId,
      origin,
      created_at: '2026-11-23T10:00:00.000Z',
    })
    .execute();
}

describe('widget entry points (WID-1, PERF-4)', () => {
  test('/widget/widget.js is a 5-minute entry loading the content-hashed loader, cached for good', async () => {
    const { app } = await makeTestApp();
    const entry = await app.request('/widget/widget.js', { headers: gz });
    expect(entry.status).toBe(200);
    expect(entry.headers.get('Cache-Control')).toBe('public, max-age=300');
    expect(entry.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(entry.headers.get('Content-Encoding')).toBe('gzip');
    expect(entry.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    const code = new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await entry.arrayBuffer())));
    const urls = await widgetBundle.urls();
    expect(code).toContain(JSON.stringify(urls['widget/loader.js']));
    expect(urls['widget/loader.js']).toMatch(/^\/static\/widget\/loader\.js\?v=[0-9a-f]{12}$/);
    const etag = entry.headers.get('ETag') ?? '';
    expect((await app.request('/widget/widget.js', { headers: { 'If-None-Match': etag } })).status).toBe(304);

    const loader = await app.request(urls['widget/loader.js'], { headers: gz });
    expect(loader.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(loader.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    const lead = await app.request('/widget/lead-form.js');
    expect(await lead.text()).toContain(JSON.stringify(urls['widget/lead-capture.js']));
  });

  test('PERF-4: every widget file gzipped is within budget; the frame never carries the phone metadata', async () => {
    const assets = await widgetBundle.assets();
    const size = (name: string) => assets.get(name)?.gzipped.length ?? Number.POSITIVE_INFINITY;
    expect(size('widget/loader.js')).toBeLessThanOrEqual(8 * 1024); // + entry + config ≤ 10 KB
    expect(size('widget/lead-capture.js')).toBeLessThanOrEqual(4 * 1024);
    expect(size('widget/frame.js') + size('widget/frame.css')).toBeLessThanOrEqual(14 * 1024);
    // libphonenumber's metadata is only in the visitor page's on-demand phone rules (ADR 0032):
    // neither the page's form script nor the frame's build carries it.
    const text = async (bundle: { assets(): Promise<Map<string, { body: Uint8Array }>> }, name: string) =>
      new TextDecoder().decode((await bundle.assets()).get(name)?.body);
    expect(await text(phoneRulesBundle, 'visitor/phone-rules.js')).toContain('country_calling_codes');
    expect(await text(visitorBundle, 'visitor/form.js')).not.toContain('country_calling_codes');
    expect(await text(widgetBundle, 'widget/frame.js')).not.toContain('country_calling_codes');
  });
});

describe('widget config and the origin whitelist (WID-5)', () => {
  test('an allowed site gets the config with CORS for exactly its origin, cached 30 s', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db, {
      slug: 'acme',
      widget_position: 'bottom-left',
      popup_enabled: 1,
    });
    await allow(deps.db, project.id, 'https://*.client.com');
    const res = await app.request('/widget/config?project=acme', { headers: { Origin: SITE } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(SITE);
    expect(res.headers.get('Cache-Control')).toBe('private, max-age=30');
    expect(res.headers.get('Vary')).toContain('Origin');
    expect(await res.json()).toEqual({
      projectId: project.id,
      slug: 'acme',
      title: 'Acme Solar',
      accentColor: '#f97316',
      position: 'bottom-left',
      popup: { enabled: true, delaySeconds: 10 },
      frameUrl: `http://localhost/embed/acme?host=${encodeURIComponent(SITE)}`,
    });
  });

  test('without data-project the default project answers', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db, { slug: 'main', is_default: 1 });
    await allow(deps.db, project.id, SITE);
    const res = await app.request('/widget/config', { headers: { Origin: SITE } });
    expect(((await res.json()) as { slug: string }).slug).toBe('main');
  });

  test('a site not on the list, a look-alike, no Origin, or an unknown project: 403 / 404, nothing cached', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db, { slug: 'acme' });
    await allow(deps.db, project.id, 'https://*.client.com');
    for (const origin of [
      'https://client.com.evil.com',
      'https://evilclient.com',
      'http://shop.client.com',
      'null',
    ]) {
      const res = await app.request('/widget/config?project=acme', { headers: { Origin: origin } });
      expect({ origin, status: res.status }).toEqual({ origin, status: 403 });
      expect(await res.json()).toEqual({ error: 'origin.not_allowed' });
      expect(res.headers.get('Cache-Control')).toBe('no-store');
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe(origin); // readable: the loader says why
    }
    expect((await app.request('/widget/config?project=acme')).status).toBe(403);
    const unknown = await app.request('/widget/config?project=nope', { headers: { Origin: SITE } });
    expect(unknown.status).toBe(404);
  });

  test('the config is rate limited per address (SEC-8): 600 per 10 minutes, then 429', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db, { slug: 'acme' });
    await allow(deps.db, project.id, SITE);
    const ask = () => app.request('/widget/config?project=acme', { headers: { Origin: SITE } });
    for (let i = 0; i < 600; i++) {
      const res = await ask();
      if (res.status !== 200) throw new Error(`request ${i + 1} answered ${res.status}`);
    }
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    deps.clock.advance(10 * 60_000);
    expect((await ask()).status).toBe(200);
  });

  test('an origin change applies on the very next request of every instance (PROJ-2)', async () => {
    const one = await makeTestApp();
    const project = await visitorProject(one.deps.db, { slug: 'acme' });
    const two = await makeTestApp({ db: one.deps.db }); // a second instance on the same database
    const ask = (app: typeof one.app) =>
      app.request('/widget/config?project=acme', { headers: { Origin: SITE } });
    expect((await ask(two.app)).status).toBe(403);
    await allow(one.deps.db, project.id, SITE);
    expect((await ask(two.app)).status).toBe(200);
    const frame = await two.app.request(`/embed/acme?host=${encodeURIComponent(SITE)}`);
    expect(frame.status).toBe(200);
    await one.deps.db.deleteFrom('project_origins').execute();
    expect((await ask(two.app)).status).toBe(403);
    expect((await two.app.request(`/embed/acme?host=${encodeURIComponent(SITE)}`)).status).toBe(403);
  });

  test('the visitor API refuses calls from a site not on the list, and answers the frame and allowed sites', async () => {
    const { app, deps } = await makeTestApp();
    const project = await makeProject(deps.db, { slug: 'acme' });
    await allow(deps.db, project.id, SITE);
    const token = randomToken();
    const visitor = await makeVisitor(deps.db, { project_id: project.id, token_hash: hashToken(token) });
    const conversation = await makeConversation(deps.db, { project_id: project.id, visitor_id: visitor.id });
    const calls = (origin: string | undefined) => {
      const headers: Record<string, string> = {
        'X-Visitor-Token': token,
        ...(origin ? { Origin: origin } : {}),
      };
      return [
        app.request('/p/acme/session', { headers }),
        app.request(`/api/visitor/conversations/${conversation.id}/messages`, { headers }),
        app.request(`/p/acme/queue?conversation=${conversation.id}`, { headers }),
      ];
    };
    for (const res of await Promise.all(calls('https://evil.example'))) {
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'origin.not_allowed', origin: 'https://evil.example' });
    }
    const refusedPost = await app.request('/p/acme/chat/again', {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'X-Visitor-Token': token, Accept: 'application/json' },
    });
    expect(refusedPost.status).toBe(403);
    expect(await deps.db.selectFrom('conversations').select('id').execute()).toHaveLength(1);
    // Our own frame (same origin), an allowed site, and callers without Origin are answered.
    for (const origin of ['http://localhost', SITE, undefined]) {
      for (const res of await Promise.all(calls(origin)))
        expect({ origin, status: res.status }).toEqual({ origin, status: 200 });
    }
    expect(deps.log.lines.filter((line) => line.msg === 'widget.origin_refused')).toHaveLength(4);
  });
});

describe('the embed page (WID-1, WID-5, WID-7)', () => {
  test('framable by exactly the checked host, no header, no marketing tags, the frame bundle', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db, { slug: 'acme' });
    await allow(deps.db, project.id, 'https://*.client.com');
    await deps.db
      .insertInto('settings')
      .values({
        key: 'marketing_tags',
        value: JSON.stringify({ head: '<script>window.gtm=1</script>', body: '', origins: [] }),
        updated_at: '2026-11-23T10:00:00.000Z',
      })
      .execute();
    const res = await app.request(`/embed/acme?host=${encodeURIComponent('https://Shop.Client.com')}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain('frame-ancestors https://shop.client.com');
    expect(csp).not.toContain("frame-ancestors 'self'");
    expect(csp).not.toContain('nonce-');
    expect(res.headers.get('X-Frame-Options')).toBeNull();
    const html = await res.text();
    const urls = await widgetBundle.urls();
    expect(html).toContain('data-embed-host="https://shop.client.com"');
    expect(html).toContain(`<script type="module" src="${urls['widget/frame.js']}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="${urls['widget/frame.css']}"/>`);
    expect(html).not.toContain('/static/visitor/form.js');
    expect(html).not.toContain('class="vp-header"');
    expect(html).not.toContain('window.gtm');
    // The plain page still gets the tags and its header.
    const plain = await (await app.request('/p/acme')).text();
    expect(plain).toContain('window.gtm');
    expect(plain).toContain('class="vp-header"');
  });

  test('a host not on the list, a wildcard or junk gets a refusal nobody can frame', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db, { slug: 'acme' });
    await allow(deps.db, project.id, 'https://*.client.com');
    for (const host of [
      'https://evil.example',
      'https://*.client.com',
      'https://client.com',
      "x'; script-src *",
      '',
    ]) {
      const res = await app.request(`/embed/acme?host=${encodeURIComponent(host)}`);
      expect({ host, status: res.status }).toEqual({ host, status: 403 });
      expect(res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    }
    expect((await app.request('/embed/nope?host=https%3A%2F%2Fshop.client.com')).status).toBe(404);
  });
});

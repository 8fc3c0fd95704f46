import { describe, expect, test } from 'bun:test';
import { makeTestApp } from '../../support/make-app.ts';
import { visitorProject } from './visitor-support.ts';

const gz = { 'Accept-Encoding': 'gzip, br' };

describe('the branded visitor page (VIS-1, VIS-9, PERF-4)', () => {
  test("only the project's allowed embed origins may frame its page (SEC-5)", async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const other = await visitorProject(deps.db, { slug: 'other-brand' });
    for (const [id, origin] of [
      [project.id, 'https://*.client.com'],
      [project.id, 'https://shop.example.org:8443'],
      [other.id, 'https://elsewhere.example'],
    ] as const) {
      await deps.db
        .insertInto('project_origins')
        .values({ id: deps.ids.next(), project_id: id, origin, created_at: project.created_at })
        .execute();
    }
    const csp = (await app.request(`/p/${project.slug}`)).headers.get('Content-Security-Policy') ?? '';
    const frameAncestors = csp.split(';').find((d) => d.trim().startsWith('frame-ancestors'));
    expect(frameAncestors?.trim()).toBe(
      "frame-ancestors 'self' https://*.client.com https://shop.example.org:8443",
    );
  });

  test('/p/{slug} shows the project: title, subtitle, welcome, form copy, theme, icon and manifest', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db, { welcome_message: 'Ask <b>anything</b>' });
    const res = await app.request(`/p/${project.slug}`, { headers: { 'Accept-Language': 'fr-FR,fr' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toStartWith('<!DOCTYPE html>');
    expect(html).toContain('<title>Acme Solar</title>');
    expect(html).toContain('<h1>Acme Solar</h1><p>Panels for every roof</p>');
    expect(html).toContain('<h2 id="welcome-heading">Hello from Acme</h2>');
    expect(html).toContain('Ask &lt;b&gt;anything&lt;/b&gt;'); // project text is text
    expect(html).toContain('<h2 id="contact-heading">Talk to an expert</h2>');
    expect(html).toContain('<meta name="theme-color" content="#111827"/>');
    expect(html).toContain(`<link rel="manifest" href="/p/${project.slug}/manifest.webmanifest"/>`);
    expect(html).toContain('<label for="contact-name">Your name</label>');
    expect(html).toContain('<label for="contact-country" class="vp-sr-only">Country</label>');
    // The country is guessed from the browser language; no htmx/Alpine on this page (budget).
    expect(html).toContain('<option value="FR" selected="">France (+33)</option>');
    expect(html).not.toContain('htmx');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/); // no inline script
    expect(html).not.toMatch(/\sstyle=/); // no inline style
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    // Strict CSP, but the page may be framed by our own widget iframe (SEC-5).
    expect(res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'self'");
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(res.headers.get('X-Frame-Options')).toBeNull();

    const theme = await app.request(`/p/${project.slug}/theme.css`);
    expect(await theme.text()).toBe(
      ':root{--accent:#f97316;--accent-ink:#0f172a;--header:#111827;--header-ink:#ffffff}\n',
    );
    const manifest = (await (await app.request(`/p/${project.slug}/manifest.webmanifest`)).json()) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({
      name: 'Acme Solar',
      start_url: `/p/${project.slug}`,
      display: 'standalone',
      theme_color: '#111827',
    });
    const icon = await app.request(`/p/${project.slug}/icon.svg`);
    expect(icon.headers.get('Content-Type')).toBe('image/svg+xml');
    expect(icon.headers.get('Content-Security-Policy')).toContain('sandbox');
    expect(await icon.text()).toContain('fill="#f97316"');
  });

  test('a colour that is not a hex colour never reaches the stylesheet', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db, { accent_color: 'red;}body{display:none' });
    const theme = await (await app.request(`/p/${project.slug}/theme.css`)).text();
    expect(theme).toContain('--accent:#2563eb;');
    expect(theme).not.toContain('display:none');
  });

  test('/ renders the default project; an unknown slug gets a proper 404 page', async () => {
    const { app, deps } = await makeTestApp();
    await visitorProject(deps.db, { title: 'Default Co', is_default: 1 });
    const home = await app.request('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<h1>Default Co</h1>');
    const missing = await app.request('/p/no-such-project');
    expect(missing.status).toBe(404);
    const html = await missing.text();
    expect(html).toContain('<h1 id="notfound-title">We could not find this chat page</h1>');
    expect(html).toContain('no-such-project');
    expect((await app.request('/p/no-such-project/theme.css')).status).toBe(404);
  });

  test('scripts, CSS and the service worker are gzipped, hashed and served with strict types', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const html = await (await app.request(`/p/${project.slug}`)).text();
    const urls = [...html.matchAll(/(?:src|href)="(\/static\/visitor\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(urls).toHaveLength(4); // visitor.css, form.js, chat.js, noscript.css (in <noscript>)
    for (const url of urls) {
      const res = await app.request(url, { headers: gz });
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Encoding')).toBe('gzip');
      expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('Content-Type')).toMatch(/^text\/(javascript|css); charset=utf-8$/);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      const again = await app.request(url, { headers: { 'If-None-Match': res.headers.get('ETag') ?? '' } });
      expect(again.status).toBe(304);
    }
    const sw = await app.request('/static/visitor/sw.js');
    expect(sw.headers.get('Service-Worker-Allowed')).toBe('/p/');
    expect(sw.headers.get('Cache-Control')).toBe('no-cache');
  });

  test('first load on a phone stays within 30 KB gzipped, as served (PERF-4)', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const page = await app.request(`/p/${project.slug}`, { headers: gz });
    // The page itself is served gzipped (src/http/middleware/compress-pages.ts).
    expect(page.headers.get('Content-Encoding')).toBe('gzip');
    expect(page.headers.get('Vary')).toContain('Accept-Encoding');
    const served = async (res: Response) => {
      const bytes = new Uint8Array(await res.arrayBuffer());
      return res.headers.get('Content-Encoding') === 'gzip'
        ? bytes.byteLength
        : Bun.gzipSync(bytes).byteLength;
    };
    const html = await (await app.request(`/p/${project.slug}`)).text();
    let total = await served(page);
    const linked = [...html.matchAll(/(?:src|href)="(\/(?:static\/visitor|p)\/[^"]+)"/g)]
      .map((m) => (m[1] ?? '').replaceAll('&amp;', '&'))
      .filter((url) => !url.includes('manifest'));
    const sizes: string[] = [`page ${total}`];
    for (const url of new Set(linked)) {
      const size = await served(await app.request(url, { headers: gz }));
      sizes.push(`${url.split('?')[0]} ${size}`);
      total += size;
    }
    process.stderr.write(
      `visitor page first load: ${(total / 1024).toFixed(1)} KB gzipped (${sizes.join(', ')})\n`,
    );
    expect(total).toBeLessThanOrEqual(30 * 1024);
  });

  test('the full phone rules are their own script, named by the page and fetched on demand (PERF-4)', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const html = await (await app.request(`/p/${project.slug}`)).text();
    const url = /data-phone-rules="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(url).toMatch(/^\/static\/visitor\/phone-rules\.js\?v=/);
    expect(html).not.toContain(`src="${url}"`);
    const res = await app.request(url, { headers: gz });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    const script = await (await app.request(url)).text();
    expect(script).toContain('livechatPhoneRules');
    // The form script itself no longer carries the metadata.
    const formUrl = /src="(\/static\/visitor\/form\.js[^"]*)"/.exec(html)?.[1] ?? '';
    const form = await (await app.request(formUrl)).text();
    expect(form.length).toBeLessThan(script.length / 2);
  });
});

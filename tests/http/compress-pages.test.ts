import { describe, expect, test } from 'bun:test';
import { makeProject } from '../support/factories.ts';
import { makeTestApp } from '../support/make-app.ts';

const gz = { 'Accept-Encoding': 'gzip, deflate, br' };

describe('rendered pages are gzipped for clients that accept it (PERF-4)', () => {
  test('a page: gzipped with Vary, the same HTML once inflated; plain for a client without gzip', async () => {
    const { app, deps } = await makeTestApp();
    const project = await makeProject(deps.db);
    const plain = await app.request(`/p/${project.slug}`);
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    const html = await plain.text();
    const zipped = await app.request(`/p/${project.slug}`, { headers: gz });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(zipped.headers.get('Vary')).toContain('Cookie');
    expect(zipped.headers.get('Vary')).toContain('Accept-Encoding');
    expect(zipped.headers.get('Content-Security-Policy')).toBe(plain.headers.get('Content-Security-Policy'));
    const bytes = new Uint8Array(await zipped.arrayBuffer());
    // Per-request ids (CSP nonces, CSRF tokens) aside, the same page.
    const inflated = new TextDecoder().decode(Bun.gunzipSync(bytes));
    expect(inflated.length).toBeGreaterThan(html.length * 0.9);
    expect(bytes.byteLength).toBeLessThan(html.length / 2);
  });

  test('small bodies, errors, HEAD and pre-gzipped assets pass through unchanged', async () => {
    const { app, deps } = await makeTestApp();
    const health = await app.request('/healthz', { headers: gz });
    expect(health.headers.get('Content-Encoding')).toBeNull();
    const missing = await app.request('/p/no-such-project', { headers: gz });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Content-Encoding')).toBeNull();
    const head = await app.request('/login', { method: 'HEAD', headers: gz });
    expect(head.headers.get('Content-Encoding')).toBeNull();
    const page = await (await app.request(`/p/${(await makeProject(deps.db)).slug}`)).text();
    const css = /href="(\/static\/visitor\/visitor\.css[^"]*)"/.exec(page)?.[1] ?? '';
    expect(css).not.toBe('');
    const asset = await app.request(css, { headers: gz });
    expect(asset.headers.get('Content-Encoding')).toBe('gzip');
    // Gzipped once: the body inflates to the stylesheet itself.
    expect(new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await asset.arrayBuffer())))).toContain(
      '{',
    );
  });
});

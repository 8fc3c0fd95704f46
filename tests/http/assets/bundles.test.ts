import { describe, expect, test } from 'bun:test';
import { bundles, staffBundle } from '../../../src/assets/bundles.ts';
import { makeTestApp } from '../../support/make-app.ts';

const gz = { 'Accept-Encoding': 'gzip, deflate, br' };

describe('browser bundles (one builder for visitor, staff and widget code)', () => {
  test('every bundle entry is served gzipped and hashed; its own ?v= hash is cached for good', async () => {
    const { app } = await makeTestApp();
    const names = bundles.flatMap((bundle) => [...bundle.names]);
    expect(names).toContain('agent/chat.js');
    expect(names).toContain('js/console-live.js');
    for (const bundle of bundles) {
      const urls = await bundle.urls();
      for (const [name, url] of Object.entries(urls)) {
        const plain = await app.request(`/static/${name}`, { headers: gz });
        expect(plain.status).toBe(200);
        expect(plain.headers.get('Content-Encoding')).toBe('gzip');
        expect(plain.headers.get('Cache-Control')).toBe('no-cache');
        expect(plain.headers.get('Content-Type')).toMatch(/^text\/(javascript|css); charset=utf-8$/);
        const etag = plain.headers.get('ETag') ?? '';
        expect(url).toBe(`/static/${name}?v=${etag.replaceAll('"', '')}`);
        const versioned = await app.request(url);
        const fixed = name.endsWith('sw.js');
        expect(versioned.headers.get('Cache-Control')).toBe(
          fixed ? 'no-cache' : 'public, max-age=31536000, immutable',
        );
        expect((await app.request(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
      }
    }
  });

  test('scripts are self-contained browser code: no module imports left, no Node or Bun APIs', async () => {
    for (const bundle of bundles) {
      for (const [name, asset] of await bundle.assets()) {
        if (!name.endsWith('.js') || name.endsWith('sw.js')) continue;
        const code = new TextDecoder().decode(asset.body);
        expect({ name, imports: /\bimport\s*[({'"]/.test(code) }).toEqual({ name, imports: false });
        expect({ name, node: /\b(Bun\.|process\.env|require\()/.test(code) }).toEqual({ name, node: false });
      }
    }
  });

  test('the realtime client is bundled into its users, and nothing serves the old hand-written copy', async () => {
    const { app } = await makeTestApp();
    expect((await app.request('/static/js/realtime-client.js')).status).toBe(404);
    const chat = (await staffBundle.assets()).get('agent/chat.js');
    expect(new TextDecoder().decode(chat?.body)).toContain('"join"');
  });
});

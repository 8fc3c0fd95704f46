import { describe, expect, test } from 'bun:test';
import { DEFAULT_BODY_LIMIT } from '../../../src/security/body-limits.ts';
import { strikeRules } from '../../../src/security/strikes.service.ts';
import { createStaff, makeTestApp, ORIGIN } from '../../support/make-app.ts';
import { BROWSER_UA, fromPeer } from '../../support/peer.ts';

describe('non-browser strikes (SEC-2)', () => {
  test('50 unauthenticated requests without a browser User-Agent block the address for 60 min', async () => {
    const { app, deps } = await makeTestApp();
    const bot = '198.51.100.200';
    const { limit, blockMs } = strikeRules.non_browser;
    for (let i = 1; i < limit; i++) {
      expect(
        (await app.request('/login', { headers: { 'User-Agent': 'curl/8.5.0' } }, fromPeer(bot))).status,
      ).toBe(200);
    }
    expect(deps.blocks.isBlocked(bot)).toBe(false);
    await app.request('/login', {}, fromPeer(bot)); // no User-Agent at all counts too
    expect(deps.blocks.isBlocked(bot)).toBe(true);
    expect(
      (await app.request('/login', { headers: { 'User-Agent': BROWSER_UA } }, fromPeer(bot))).status,
    ).toBe(403);
    deps.clock.advance(blockMs);
    expect(
      (await app.request('/login', { headers: { 'User-Agent': BROWSER_UA } }, fromPeer(bot))).status,
    ).toBe(200);
  });

  test('browsers, signed-in staff tools and health probes are never counted', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const ip = '198.51.100.201';
    for (let i = 0; i < 120; i++) {
      await app.request('/login', { headers: { 'User-Agent': BROWSER_UA } }, fromPeer(ip));
      await app.request(
        '/admin',
        { headers: { Cookie: admin.cookie, 'User-Agent': 'python-requests/2' } },
        fromPeer(ip),
      );
      await app.request('/healthz', { headers: { 'User-Agent': 'kube-probe/1.31' } }, fromPeer(ip));
      await app.request('/static/vendor/htmx.js', { headers: { 'User-Agent': 'curl/8' } }, fromPeer(ip));
    }
    expect(deps.blocks.isBlocked(ip)).toBe(false);
  });
});

describe('body limits (SEC-8)', () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: {
      Origin: ORIGIN,
      'Content-Type': 'application/x-www-form-urlencoded',
      'User-Agent': BROWSER_UA,
      ...headers,
    },
    body,
  });

  test('a declared Content-Length over the limit is refused with 413 before parsing', async () => {
    const { app, deps } = await makeTestApp();
    const body = `email=a%40b.c&password=${'x'.repeat(DEFAULT_BODY_LIMIT)}`;
    const res = await app.request('/login', post(body), fromPeer('198.51.100.210'));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Request body too large');
    expect(deps.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  test('a streamed body without Content-Length is counted and cut off at the limit', async () => {
    const { app } = await makeTestApp();
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 100) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await app.request(
      '/login',
      { ...post(stream), duplex: 'half' } as RequestInit,
      fromPeer('198.51.100.211'),
    );
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(100); // stopped reading early
  });

  test('a body under the limit goes through to validation', async () => {
    const { app } = await makeTestApp();
    const res = await app.request('/login', post('email=&password='), fromPeer('198.51.100.212'));
    expect(res.status).toBe(422);
  });
});

import { describe, expect, test } from 'bun:test';
import { LOGIN_RATE_LIMIT } from '../../../src/login/login.routes.tsx';
import { accountThrottle } from '../../../src/security/login-guard.service.ts';
import { strikeRules } from '../../../src/security/strikes.service.ts';
import { createStaff, makeTestApp, ORIGIN, TEST_PASSWORD } from '../../support/make-app.ts';
import { BROWSER_UA, fromPeer } from '../../support/peer.ts';

const PROXY = '10.0.0.7';
const ATTACKER = '198.51.100.99';

const loginInit = (email: string, password: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: {
    Origin: ORIGIN,
    'Content-Type': 'application/x-www-form-urlencoded',
    'User-Agent': BROWSER_UA,
    ...headers,
  },
  body: new URLSearchParams({ email, password }).toString(),
});

const randomIpv4 = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(4)))
    .map((b) => String(b))
    .join('.');

describe('failed logins (SEC-2, SEC-4)', () => {
  test('1,000 failed logins through a trusted proxy, each with a random forged left-most XFF: blocked at attempt 5', async () => {
    const { app, deps } = await makeTestApp({ env: { TRUSTED_PROXIES: '10.0.0.0/8' } });
    const admin = await createStaff(deps, 'admin');
    const statuses: number[] = [];
    let blockedAt = 0;
    for (let attempt = 1; attempt <= 1000; attempt++) {
      const xff = `${randomIpv4()}, ${ATTACKER}`;
      const res = await app.request(
        '/login',
        loginInit(admin.email, `guess-${attempt}`, { 'X-Forwarded-For': xff }),
        fromPeer(PROXY),
      );
      statuses.push(res.status);
      if (!blockedAt && deps.blocks.isBlocked(ATTACKER)) blockedAt = attempt;
    }
    expect(blockedAt).toBe(strikeRules.failed_login.limit);
    expect(statuses.slice(0, 5)).toEqual([422, 422, 422, 422, 422]);
    expect(statuses.slice(5).every((s) => s === 403)).toBe(true);
    const blocks = await deps.db.selectFrom('ip_blocks').selectAll().execute();
    expect(blocks.map((b) => [b.ip, b.rule, b.expires_at])).toEqual([
      [ATTACKER, 'failed_login', new Date(deps.clock.now().getTime() + 30 * 60_000).toISOString()],
    ]);
    // The forged addresses and the proxy itself were never blocked.
    expect(deps.blocks.isBlocked(PROXY)).toBe(false);
  }, 30_000);

  test('an attacker spread over many addresses cannot lock the admin out of a known address', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const home = '203.0.113.10';
    // The admin signed in from home before.
    expect((await app.request('/login', loginInit(admin.email, TEST_PASSWORD), fromPeer(home))).status).toBe(
      303,
    );

    // 40 addresses × 4 wrong guesses each: no address reaches its own strike limit.
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 4; j++) {
        const res = await app.request(
          '/login',
          loginInit(admin.email, `x${i}-${j}`),
          fromPeer(`198.51.100.${i + 1}`),
        );
        statuses.push(res.status);
      }
    }
    expect(statuses.slice(0, accountThrottle.threshold).every((s) => s === 422)).toBe(true);
    // After the threshold, each unknown address gets one try per 30 s for this account: the 3rd
    // address's 4th guess and the last 3 guesses of each of the 37 addresses after it wait.
    expect(statuses.filter((s) => s === 429).length).toBe(1 + 37 * 3);
    expect(await deps.db.selectFrom('ip_blocks').selectAll().execute()).toEqual([]);

    // The real admin, from the known address, signs in straight away.
    const res = await app.request('/login', loginInit(admin.email, TEST_PASSWORD), fromPeer(home));
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin');
  }, 30_000);

  test('30 wrong passwords from 30 addresses: the real admin, from a fresh address, signs in at once', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    for (let i = 1; i <= 30; i++) {
      const res = await app.request(
        '/login',
        loginInit(admin.email, `guess-${i}`),
        fromPeer(`198.51.100.${i}`),
      );
      expect(res.status).toBe(422);
    }

    // The owner has never signed in from this hotel: the attackers' tries are not theirs to share.
    const hotel = '203.0.113.77';
    const owner = await app.request('/login', loginInit(admin.email, TEST_PASSWORD), fromPeer(hotel));
    expect(owner.status).toBe(303);
    expect(owner.headers.get('Location')).toBe('/admin');

    // An attacker's address, by contrast, waits for its own slot, and is told how long.
    const again = await app.request('/login', loginInit(admin.email, 'guess-31'), fromPeer('198.51.100.30'));
    expect(again.status).toBe(429);
    const retryAfter = Number(again.headers.get('Retry-After'));
    expect(retryAfter).toBe(accountThrottle.unknownAddressEveryMs / 1000);
    expect(await again.text()).toContain('Too many failed sign-ins for this account.');
    deps.clock.advance(retryAfter * 1000);
    const later = await app.request('/login', loginInit(admin.email, 'guess-32'), fromPeer('198.51.100.30'));
    expect(later.status).toBe(422);

    // The owner who mistypes from a fresh address waits 30 s for their own next try, no longer.
    const cafe = '203.0.113.88';
    expect((await app.request('/login', loginInit(admin.email, 'typo'), fromPeer(cafe))).status).toBe(422);
    const wait = await app.request('/login', loginInit(admin.email, TEST_PASSWORD), fromPeer(cafe));
    expect(wait.status).toBe(429);
    deps.clock.advance(Number(wait.headers.get('Retry-After')) * 1000);
    expect((await app.request('/login', loginInit(admin.email, TEST_PASSWORD), fromPeer(cafe))).status).toBe(
      303,
    );
  }, 30_000);

  test(`login is rate limited per address: ${LOGIN_RATE_LIMIT.limit}/min, then 429 + Retry-After; 5 refusals block`, async () => {
    const { app, deps } = await makeTestApp();
    const ip = '198.51.100.150';
    // Incomplete forms are refused by validation, so only the rate limit is exercised.
    const post = () => app.request('/login', loginInit('', ''), fromPeer(ip));
    for (let i = 0; i < LOGIN_RATE_LIMIT.limit; i++) {
      expect((await post()).status).toBe(422);
      deps.clock.advance(1000);
    }
    const limited = await post();
    expect(limited.status).toBe(429);
    // The oldest of the 20 leaves the window 60 s after it was made, 20 s from now.
    expect(limited.headers.get('Retry-After')).toBe(
      String(LOGIN_RATE_LIMIT.windowMs / 1000 - LOGIN_RATE_LIMIT.limit),
    );
    expect(await limited.text()).toContain('Too many requests');
    for (let i = 1; i < strikeRules.rate_limited.limit; i++) expect((await post()).status).toBe(429);
    expect(deps.blocks.isBlocked(ip)).toBe(true);
    expect((await post()).status).toBe(403);
    deps.clock.advance(strikeRules.rate_limited.blockMs);
    expect((await post()).status).toBe(422);
  });
});

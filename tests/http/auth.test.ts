import { describe, expect, test } from 'bun:test';
import { createStaff, makeTestApp, ORIGIN, postForm, TEST_PASSWORD } from '../support/make-app.ts';

const cookieOf = (res: Response) => res.headers.get('Set-Cookie') ?? '';

describe('staff sign-in', () => {
  test('the login page has labelled fields and a sign-in button', async () => {
    const { app } = await makeTestApp();
    const res = await app.request('/login');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toStartWith('<!DOCTYPE html>');
    expect(html).toContain('<label for="login-email">Email</label>');
    expect(html).toContain('<label for="login-password">Password</label>');
    expect(html).toContain('<button type="submit"');
  });

  test('the right password sets an HttpOnly, SameSite=Lax session cookie and lands on the role page', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const res = await postForm(app, '/login', { email: agent.email, password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/agent');
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure'); // plain http in this test
    expect(cookie).toContain('Max-Age=604800'); // relative: the browser's clock decides, not ours
    expect(cookie).not.toContain('Expires=');
    const token = cookie.split(';')[0] ?? '';
    // Only the hash is stored, never the token itself.
    const stored = await deps.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token.slice(4));
    const home = await app.request('/agent', { headers: { Cookie: token } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<h1>Inbox</h1>');
  });

  test('on HTTPS the cookie is Secure', async () => {
    const { app, deps } = await makeTestApp({ env: { PUBLIC_URL: 'https://chat.example.com' } });
    const admin = await createStaff(deps, 'admin');
    const res = await app.request('https://chat.example.com/login', {
      method: 'POST',
      headers: { Origin: 'https://chat.example.com', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: admin.email, password: TEST_PASSWORD }).toString(),
    });
    expect(res.status).toBe(303);
    expect(cookieOf(res)).toContain('Secure');
  });

  test('a wrong password gets a clear error, 422, and no cookie', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const res = await postForm(app, '/login', { email: agent.email, password: 'wrong password' });
    expect(res.status).toBe(422);
    expect(res.headers.get('Set-Cookie')).toBeNull();
    expect(await res.text()).toContain('That email and password do not match.');
    const unknown = await postForm(app, '/login', { email: 'nobody@example.test', password: 'x' });
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('Set-Cookie')).toBeNull();
  });

  test('a disabled account cannot sign in, and its live sessions stop working', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    await deps.db.updateTable('users').set({ is_active: 0 }).where('id', '=', agent.id).execute();
    const res = await postForm(app, '/login', { email: agent.email, password: TEST_PASSWORD });
    expect(res.status).toBe(422);
    expect((await app.request('/agent', { headers: { Cookie: agent.cookie } })).status).toBe(303);
  });

  test('htmx sign-in answers with HX-Redirect instead of a full page', async () => {
    const { app, deps } = await makeTestApp();
    const qa = await createStaff(deps, 'qa');
    const res = await postForm(
      app,
      '/login',
      { email: qa.email, password: TEST_PASSWORD },
      { 'HX-Request': 'true' },
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('HX-Redirect')).toBe('/qa');
  });

  test('next= only accepts same-site paths', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const evil = await postForm(app, '/login', {
      email: admin.email,
      password: TEST_PASSWORD,
      next: '//evil.com/x',
    });
    expect(evil.headers.get('Location')).toBe('/admin');
    const good = await postForm(app, '/login', {
      email: admin.email,
      password: TEST_PASSWORD,
      next: '/admin',
    });
    expect(good.headers.get('Location')).toBe('/admin');
  });
});

describe('sessions end', () => {
  test('logout revokes the session: the same cookie no longer opens the console', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const out = await app.request('/logout', {
      method: 'POST',
      headers: { Cookie: admin.cookie, Origin: ORIGIN },
    });
    expect(out.status).toBe(303);
    expect(cookieOf(out)).toContain('sid=;');
    const after = await app.request('/admin', { headers: { Cookie: admin.cookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get('Location')).toBe('/login?next=%2Fadmin');
  });

  test('an active session keeps its cookie alive: a renewal re-sets it, logout only clears it', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const first = await app.request('/agent', { headers: { Cookie: agent.cookie } });
    expect(cookieOf(first)).toBe(''); // just seen: nothing to renew
    deps.clock.advance(2 * 60 * 1000);
    const later = await app.request('/agent', { headers: { Cookie: agent.cookie } });
    expect(later.status).toBe(200);
    expect(cookieOf(later)).toStartWith(`${agent.cookie};`);
    expect(cookieOf(later)).toContain('Max-Age=604800');
    deps.clock.advance(2 * 60 * 1000);
    const out = await app.request('/logout', {
      method: 'POST',
      headers: { Cookie: agent.cookie, Origin: ORIGIN },
    });
    expect(out.headers.getSetCookie()).toEqual([expect.stringContaining('sid=;')]);
  });

  test('a revoked session (force logout) ends on the next request; htmx calls get 401', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    expect((await app.request('/agent', { headers: { Cookie: agent.cookie } })).status).toBe(200);
    const { revokeUserSessions } = await import('../../src/auth/sessions.queries.ts');
    expect(await revokeUserSessions(deps.db, agent.id, deps.clock.now().toISOString())).toBe(1);
    const res = await app.request('/agent', { headers: { Cookie: agent.cookie, 'HX-Request': 'true' } });
    expect(res.status).toBe(401);
  });

  test('an expired session is refused', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    deps.clock.advance(86_400_000 + 1);
    expect((await app.request('/agent', { headers: { Cookie: agent.cookie } })).status).toBe(303);
  });
});

describe('CSRF', () => {
  test('a cross-origin POST is refused with 403 and changes nothing', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const res = await app.request('/logout', {
      method: 'POST',
      headers: { Cookie: admin.cookie, Origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect((await app.request('/admin', { headers: { Cookie: admin.cookie } })).status).toBe(200);
  });

  test('a POST with neither Origin nor Sec-Fetch-Site is refused (fail closed)', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const res = await app.request('/logout', { method: 'POST', headers: { Cookie: admin.cookie } });
    expect(res.status).toBe(403);
  });

  test('Sec-Fetch-Site cross-site is refused even with a matching Origin; same-origin passes', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const crossSite = await app.request('/logout', {
      method: 'POST',
      headers: { Cookie: admin.cookie, Origin: ORIGIN, 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await app.request('/logout', {
      method: 'POST',
      headers: { Cookie: admin.cookie, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(sameOrigin.status).toBe(303);
  });
});

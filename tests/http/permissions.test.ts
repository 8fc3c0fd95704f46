import { describe, expect, test } from 'bun:test';
import { can, isStaffPath, routePolicy } from '../../src/auth/policy.ts';
import { ROLES } from '../../src/auth/roles.ts';
import { createStaff, makeTestApp, ORIGIN } from '../support/make-app.ts';

/** Turns a route pattern into a concrete path: every `:param` becomes a made-up id. */
const concrete = (path: string) => path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, '01KMX0000000000000000000ZZ');

describe('permission matrix (ADMIN-7) over every staff route', async () => {
  const { app, deps } = await makeTestApp();
  const staffRoutes = app.routes
    .filter((r) => r.method !== 'ALL' && isStaffPath(r.path))
    .map((r) => `${r.method} ${r.path}`);
  const unique = [...new Set(staffRoutes)].sort();

  test('every staff route registered in the app is in the policy table, and vice versa', () => {
    expect(unique).toEqual(Object.keys(routePolicy).sort());
  });

  const sessions = Object.fromEntries(
    // Every per-person permission on (AGENT-6 is tested on its own): this matrix is about roles.
    await Promise.all(
      ROLES.map(async (role) => [role, await createStaff(deps, role, { crm: true })] as const),
    ),
  );

  for (const route of unique) {
    const [method = 'GET', path = '/'] = route.split(' ');
    const capability = routePolicy[route];
    if (!capability) continue;
    for (const role of ROLES) {
      const allowed = can(role, capability);
      test(`${route} as ${role} → ${allowed ? 'allowed' : '403'}`, async () => {
        const res = await app.request(concrete(path), {
          method,
          headers: { Cookie: sessions[role]?.cookie ?? '', Origin: ORIGIN, 'HX-Request': 'true' },
        });
        if (allowed) expect(res.status).not.toBe(403);
        else expect(res.status).toBe(403);
        expect(res.status).toBeLessThan(500);
      });
    }
    test(`${route} without a session → sign in`, async () => {
      const res = await app.request(concrete(path), {
        method,
        headers: { Origin: ORIGIN, 'HX-Request': 'true' },
      });
      expect(res.status).toBe(401);
    });
  }
});

describe('fail closed', () => {
  test('a staff route missing from the policy table is refused for every role', async () => {
    const { app, deps } = await makeTestApp();
    app.get('/admin/unlisted-report', (c) => c.text('secret'));
    const admin = await createStaff(deps, 'admin');
    const res = await app.request('/admin/unlisted-report', { headers: { Cookie: admin.cookie } });
    expect(res.status).toBe(403);
    expect(deps.log.lines.some((l) => l.msg === 'authorize.route_not_in_policy')).toBe(true);
  });

  test('wrong role gets a 403 page with a heading', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const res = await app.request('/admin', { headers: { Cookie: agent.cookie } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<h1 id="error-title">Access denied</h1>');
  });
});

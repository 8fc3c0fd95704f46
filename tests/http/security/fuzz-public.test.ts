import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { isStaffPath } from '../../../src/auth/policy.ts';
import { makeTestApp } from '../../support/make-app.ts';
import { fromPeer } from '../../support/peer.ts';
import { publicEndpointFuzz } from './public-endpoints.ts';

const RUNS = 1000;

/**
 * 'METHOD /path' of every public route the app registers: handlers, and mounts that answer for a
 * path themselves (like `ALL /static/*`); global middleware (`ALL /*`) is not an endpoint.
 */
async function publicRoutes(): Promise<string[]> {
  const { app } = await makeTestApp();
  const routes = app.routes.filter(
    (r) => !isStaffPath(r.path) && (r.method !== 'ALL' || (r.path !== '/*' && r.path !== '*')),
  );
  return [...new Set(routes.map((r) => `${r.method} ${r.path}`))].sort();
}

describe('fuzz every public endpoint (SEC-8)', async () => {
  const routes = await publicRoutes();

  test('every public route has a fuzz entry, and every entry is a real route', () => {
    expect(Object.keys(publicEndpointFuzz).sort()).toEqual(routes);
  });

  for (const route of routes) {
    const spec = publicEndpointFuzz[route];
    if (!spec) continue;
    test(`${route}: ${RUNS} bad inputs → ${spec.ignoresInput ? 'never a 5xx' : 'a clear 4xx every time'}, no errors logged`, async () => {
      const { app, deps } = await makeTestApp();
      const samples = fc.sample(spec.input, { numRuns: RUNS, seed: 8 });
      const statuses = new Map<number, number>();
      let peer = 0;
      for (const { path, init } of samples) {
        // A fresh address per request: validation is under test here, not the rate limit.
        const ip = `198.18.${(peer >> 8) & 255}.${peer++ & 255}`;
        const res = await app.request(path, init, fromPeer(ip));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const body = await res.text();
        if (spec.ignoresInput) {
          expect({ path, status: res.status < 500 }).toEqual({ path, status: true });
        } else {
          expect({ path, status: res.status >= 400 && res.status < 500 }).toEqual({ path, status: true });
          // A clear refusal says something (HEAD answers carry no body by definition).
          const said = init.method === 'HEAD' || body.trim().length > 0;
          expect({ path, status: res.status, said }).toEqual({
            path,
            status: res.status,
            said: true,
          });
        }
      }
      expect(deps.log.lines.filter((l) => l.level === 'error')).toEqual([]);
      expect(await deps.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
      expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    }, 60_000);
  }
});

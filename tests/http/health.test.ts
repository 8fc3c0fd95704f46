import { describe, expect, test } from 'bun:test';
import { makeTestApp } from '../support/make-app.ts';

describe('operations endpoints (OPS-6)', () => {
  test('/healthz answers without touching the database', async () => {
    const { app, deps } = await makeTestApp();
    await deps.db.destroy();
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  test('/readyz is 200 with a database and 503 without', async () => {
    const { app, deps } = await makeTestApp();
    expect((await app.request('/readyz')).status).toBe(200);
    await deps.db.destroy();
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', reason: 'database' });
  });

  test('every request logs one JSON line with request id, status and duration', async () => {
    const { app, deps } = await makeTestApp();
    const res = await app.request('/healthz', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(res.headers.get('X-Request-Id')).toBe('abc-123');
    const line = deps.log.lines.find((l) => l.msg === 'request');
    expect(line).toMatchObject({ requestId: 'abc-123', method: 'GET', path: '/healthz', status: 200 });
    expect(typeof line?.ms).toBe('number');
  });

  test('an unexpected error is a clean 500 page with a reference, never a stack trace', async () => {
    const { app, deps } = await makeTestApp();
    app.get('/boom', () => {
      throw new Error('database password is hunter2');
    });
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('Something went wrong');
    expect(html).not.toContain('hunter2');
    expect(deps.log.lines.some((l) => l.msg === 'request.failed')).toBe(true);
  });

  test('unknown pages are a 404 page; staff pages carry the strict security headers', async () => {
    const { app } = await makeTestApp();
    const res = await app.request('/no/such/page');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Page not found');
    const login = await app.request('/login');
    expect(login.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(login.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(login.headers.get('X-Frame-Options')).toBe('DENY');
    expect(login.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(login.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(login.headers.get('Permissions-Policy')).toContain('camera=()');
  });

  test('vendored htmx and Alpine are served from our origin', async () => {
    const { app } = await makeTestApp();
    const htmx = await app.request('/static/vendor/htmx.js');
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get('Content-Type')).toContain('javascript');
    expect((await app.request('/static/vendor/alpine-csp.js')).status).toBe(200);
    expect((await app.request('/static/vendor/nothing.js')).status).toBe(404);
  });
});

import { describe, expect, test } from 'bun:test';
import { isStaffPath, routePolicy } from '../../../src/auth/policy.ts';
import { ROLES } from '../../../src/auth/roles.ts';
import {
  STRICT_CSP,
  UPLOADED_FILE_CSP,
  uploadedFileHeaders,
  visitorPageCsp,
} from '../../../src/http/middleware/secure-headers.ts';
import { createStaff, makeTestApp } from '../../support/make-app.ts';
import { BROWSER_UA } from '../../support/peer.ts';

const concrete = (path: string) => path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, '01KMX0000000000000000000ZZ');

describe('security headers (SEC-5)', () => {
  test('every HTML response of every GET route carries the strict CSP and the other headers', async () => {
    const { app, deps } = await makeTestApp();
    const staff = await Promise.all(ROLES.map((role) => createStaff(deps, role)));
    const paths = [
      ...new Set(app.routes.filter((r) => r.method === 'GET').map((r) => concrete(r.path))),
      '/no/such/page',
    ];
    let htmlResponses = 0;
    for (const path of paths) {
      const cookies = isStaffPath(path) ? staff.map((s) => s.cookie) : [''];
      for (const cookie of cookies) {
        for (const hx of [{}, { 'HX-Request': 'true' }] as Array<Record<string, string>>) {
          const res = await app.request(path, {
            headers: { Cookie: cookie, 'User-Agent': BROWSER_UA, ...hx },
          });
          if (!res.headers.get('Content-Type')?.startsWith('text/html')) continue;
          htmlResponses++;
          expect({ path, csp: res.headers.get('Content-Security-Policy') }).toEqual({
            path,
            csp: STRICT_CSP,
          });
          expect(res.headers.get('X-Frame-Options')).toBe('DENY');
          expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
          expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
          expect(res.headers.get('Permissions-Policy')).toBe(
            'camera=(), microphone=(), geolocation=(), payment=(), usb=(), accelerometer=(), gyroscope=(), magnetometer=()',
          );
        }
      }
    }
    expect(htmlResponses).toBeGreaterThanOrEqual(2 * (Object.keys(routePolicy).length + 3));
  });

  test('the strict CSP forbids inline code, eval, plugins, base rewriting and framing', () => {
    expect(STRICT_CSP).toContain("script-src 'self'");
    expect(STRICT_CSP).not.toContain('unsafe-inline');
    expect(STRICT_CSP).not.toContain('unsafe-eval');
    expect(STRICT_CSP).toContain("object-src 'none'");
    expect(STRICT_CSP).toContain("base-uri 'none'");
    expect(STRICT_CSP).toContain("frame-ancestors 'none'");
  });

  test("a visitor page is framable by the project's allowed origins only", async () => {
    const csp = visitorPageCsp([
      'https://*.client.com',
      'http://localhost:8080',
      "https://x.com; script-src 'unsafe-inline'",
      '*',
    ]);
    expect(csp).toContain("frame-ancestors 'self' https://*.client.com http://localhost:8080");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("script-src 'self'");
    expect(csp.match(/frame-ancestors/g)).toHaveLength(1);
    expect(visitorPageCsp([])).toContain("frame-ancestors 'self'");

    const { app } = await makeTestApp();
    app.get('/visitor-page-probe', (c) => {
      c.header('Content-Security-Policy', visitorPageCsp(['https://*.client.com']));
      return c.html('<p>hi</p>');
    });
    const res = await app.request('/visitor-page-probe');
    expect(res.headers.get('Content-Security-Policy')).toContain('frame-ancestors');
    expect(res.headers.get('X-Frame-Options')).toBeNull(); // would forbid the allowed frames
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  test('uploaded files are served as their checked image type, nosniff, sandboxed', async () => {
    const { app } = await makeTestApp();
    app.get('/upload-probe', (c) => c.body(new Uint8Array([1, 2, 3]), 200, uploadedFileHeaders('image/png')));
    const res = await app.request('/upload-probe');
    expect(res.headers.get('Content-Type')).toBe('image/png');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Content-Security-Policy')).toBe(UPLOADED_FILE_CSP);
    expect(UPLOADED_FILE_CSP).toBe("default-src 'none'; sandbox");
  });

  test('HSTS is sent behind a TLS-terminating proxy when PUBLIC_URL is https, and never over plain http', async () => {
    // The proxy speaks https to the browser and plain http to us: the request URL says http.
    const behindTls = await makeTestApp({ env: { PUBLIC_URL: 'https://chat.example.com' } });
    for (const path of ['/login', '/healthz', '/p/none']) {
      const res = await behindTls.app.request(`http://10.0.0.5:3000${path}`, {
        headers: { 'User-Agent': BROWSER_UA },
      });
      expect({ path, hsts: res.headers.get('Strict-Transport-Security') }).toEqual({
        path,
        hsts: 'max-age=31536000; includeSubDomains',
      });
    }
    const direct = await makeTestApp();
    const https = await direct.app.request('https://chat.example.com/login');
    expect(https.headers.get('Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains');
    const plain = await direct.app.request('http://localhost/login');
    expect(plain.headers.get('Strict-Transport-Security')).toBeNull();
    const httpPublic = await makeTestApp({ env: { PUBLIC_URL: 'http://intranet.local:3000' } });
    expect(
      (await httpPublic.app.request('http://intranet.local:3000/login')).headers.get(
        'Strict-Transport-Security',
      ),
    ).toBeNull();
  });
});

import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '../../src/auth/roles.ts';
import { STRICT_CSP } from '../../src/http/middleware/secure-headers.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { makeConversation } from '../support/factories.ts';
import { createStaff, makeTestApp, TEST_PASSWORD, type TestDeps } from '../support/make-app.ts';
import { xssPayloads } from './xss-payloads.ts';

/**
 * Pages a browser visits: the login page and every console shell. When a console page that shows
 * visitor names, messages or lead fields is added, add a row here: every test below (CSP header,
 * zero violations, the XSS payloads seeded into visitors/leads) then covers it too.
 */
const pages: Array<{ name: string; path: string; role?: Role }> = [
  { name: 'login', path: '/login' },
  { name: 'admin console', path: '/admin', role: 'admin' },
  { name: 'manager console', path: '/manager', role: 'manager' },
  { name: 'agent console', path: '/agent', role: 'agent' },
  { name: 'qa console', path: '/qa', role: 'qa' },
  // Pages that list visitor and lead fields (the seeded payloads land there too).
  { name: 'admin chats table', path: '/admin/chats', role: 'admin' },
  { name: 'manager chats table', path: '/manager/chats', role: 'manager' },
  { name: 'agent unassigned bucket', path: '/agent?bucket=unassigned', role: 'agent' },
  { name: 'admin AI settings', path: '/admin/ai', role: 'admin' },
];

const violationRecorder = () => {
  const w = window as unknown as { __violations: string[]; __xssCalls: number[]; __xss: (n: number) => void };
  w.__violations = [];
  w.__xssCalls = [];
  w.__xss = (n) => w.__xssCalls.push(n);
  document.addEventListener('securitypolicyviolation', (e) =>
    w.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
  );
};

const findings = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __violations: string[]; __xssCalls: number[] };
    return {
      violations: w.__violations,
      xssCalls: w.__xssCalls,
      injected: document.querySelectorAll('[data-xss]').length,
    };
  });

describeBrowser('CSP in Chromium (SEC-5)', () => {
  let browser: Browser;
  let server: ReturnType<typeof Bun.serve>;
  let deps: TestDeps;
  let base: string;
  const htmlWithoutCsp: string[] = [];

  beforeAll(async () => {
    const made = await makeTestApp();
    deps = made.deps;
    made.app.get('/csp-probe', (c) =>
      c.html(
        '<!DOCTYPE html><html><body><p id="probe">probe</p>' +
          '<script>window.__planted = 1</script>' +
          '<img src="/nothing.png" onerror="window.__plantedHandler = 1"></body></html>',
      ),
    );
    server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: made.app.fetch });
    base = `http://127.0.0.1:${server.port}`;
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    server?.stop(true);
  });

  async function open(cookie?: string): Promise<BrowserContext> {
    const context = await browser.newContext();
    await context.addInitScript(violationRecorder);
    if (cookie) {
      const [name = '', value = ''] = cookie.split('=');
      await context.addCookies([{ name, value, url: base }]);
    }
    context.on('response', (res) => {
      const type = res.headers()['content-type'] ?? '';
      if (type.startsWith('text/html') && res.headers()['content-security-policy'] !== STRICT_CSP) {
        htmlWithoutCsp.push(res.url());
      }
    });
    return context;
  }

  for (const { name, path, role } of pages) {
    test(`${name}: the CSP header is sent and normal use raises zero violations`, async () => {
      const context = await open(role ? (await createStaff(deps, role)).cookie : undefined);
      const page = await context.newPage();
      const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      expect(res?.headers()['content-security-policy']).toBe(STRICT_CSP);
      expect(await findings(page)).toEqual({ violations: [], xssCalls: [], injected: 0 });
      await context.close();
    }, 30_000);
  }

  test('signing in through the form (htmx) and landing on the console raises zero violations', async () => {
    const admin = await createStaff(deps, 'admin');
    const context = await open();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#login-email', admin.email);
    await page.fill('#login-password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('Dashboard');
    expect(await findings(page)).toEqual({ violations: [], xssCalls: [], injected: 0 });
    await context.close();
  }, 30_000);

  test('a planted inline script and inline handler are blocked and reported', async () => {
    const context = await open();
    const page = await context.newPage();
    await page.goto(`${base}/csp-probe`, { waitUntil: 'load' });
    const state = await page.evaluate(() => {
      const w = window as unknown as {
        __planted?: number;
        __plantedHandler?: number;
        __violations: string[];
      };
      return { planted: w.__planted, handler: w.__plantedHandler, violations: w.__violations };
    });
    expect(state.planted).toBeUndefined();
    expect(state.handler).toBeUndefined();
    expect(state.violations.some((v) => v.startsWith('script-src-elem inline'))).toBe(true);
    expect(state.violations.some((v) => v.startsWith('script-src-attr inline'))).toBe(true);
    await context.close();
  }, 30_000);

  /** Seeds a payload where visitors and leads keep it, for every console that lists them. */
  async function seedVisitorAndLead(payload: string) {
    const conversation = await makeConversation(deps.db, { visitor_name: payload });
    await deps.db
      .updateTable('visitors')
      .set({ name: payload, email: payload })
      .where('id', '=', conversation.visitor_id)
      .execute();
    await deps.db
      .insertInto('leads')
      .values({
        id: deps.ids.next(),
        source: 'web',
        name: payload,
        email: payload,
        page_url: payload,
        stage: 'new',
        created_at: '2026-11-23T10:00:00.000Z',
        updated_at: '2026-11-23T10:00:00.000Z',
      })
      .execute();
  }

  const CHUNK = 28;
  for (let from = 0; from < xssPayloads.length; from += CHUNK) {
    const chunk = xssPayloads.slice(from, from + CHUNK);
    test(`XSS payloads ${from + 1}–${from + chunk.length} of ${xssPayloads.length} render as text on every console page`, async () => {
      // One signed-in tab per console; the person's own name (shown by every shell) carries the payload.
      const tabs = await Promise.all(
        pages
          .filter((p) => p.role)
          .map(async ({ path, role }) => {
            const staff = await createStaff(deps, role ?? 'agent');
            const context = await open(staff.cookie);
            return { path, staff, context, page: await context.newPage() };
          }),
      );
      for (const [i, payload] of chunk.entries()) {
        await seedVisitorAndLead(payload);
        // Consoles take turns, so each shell renders about a quarter of the payloads.
        const tab = tabs[(from + i) % tabs.length];
        if (!tab) throw new Error('no console pages');
        await deps.db
          .updateTable('users')
          .set({ display_name: payload })
          .where('id', '=', tab.staff.id)
          .execute();
        await tab.page.goto(`${base}${tab.path}`, { waitUntil: 'load' });
        const found = await findings(tab.page);
        const shown = await tab.page.textContent('.shell-user-name');
        expect({ payload, path: tab.path, shown, ...found }).toEqual({
          payload,
          path: tab.path,
          shown: payload,
          violations: [],
          xssCalls: [],
          injected: 0,
        });
      }
      for (const { context } of tabs) await context.close();
    }, 120_000); // ~25 s on a shared 2-core machine: Chromium loads each console page in 0.2–2 s
  }

  test('every HTML response seen by the browser carried the strict CSP', () => {
    expect(htmlWithoutCsp.filter((url) => !url.endsWith('/csp-probe'))).toEqual([]);
  });
});

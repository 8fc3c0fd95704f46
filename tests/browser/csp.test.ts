import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '../../src/auth/roles.ts';
import { STRICT_CSP } from '../../src/http/middleware/secure-headers.ts';
import type { RunningServer } from '../../src/server.ts';
import { liveServer } from '../realtime/support/live.ts';
import { describeBrowser, type JourneyWatch, launchChromium, watchJourney } from '../support/browser.ts';
import { makeConversation, makeMessage } from '../support/factories.ts';
import { createStaff, TEST_PASSWORD, type TestDeps } from '../support/make-app.ts';
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
  { name: 'qa quality report', path: '/qa/report', role: 'qa' },
  { name: 'admin qa rubric', path: '/admin/qa-rubric', role: 'admin' },
  { name: 'agent own scores', path: '/agent/scores', role: 'agent' },
  // Pages that list visitor and lead fields (the seeded payloads land there too).
  { name: 'admin chats table', path: '/admin/chats', role: 'admin' },
  { name: 'manager chats table', path: '/manager/chats', role: 'manager' },
  { name: 'agent unassigned bucket', path: '/agent?bucket=unassigned', role: 'agent' },
  { name: 'admin AI settings', path: '/admin/ai', role: 'admin' },
  { name: 'manager chat data report', path: '/manager/reports/chat-data', role: 'manager' },
  { name: 'qa CRM analytics', path: '/qa/reports/crm-analytics', role: 'qa' },
];

/** The payloads call `__xss(n)` if they ever run; the CSP violations come from watchJourney. */
const xssRecorder = () => {
  const w = window as unknown as { __xssCalls: number[]; __xss: (n: number) => void };
  w.__xssCalls = [];
  w.__xss = (n) => w.__xssCalls.push(n);
};

const findings = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __xssCalls: number[] };
    return { xssCalls: w.__xssCalls, injected: document.querySelectorAll('[data-xss]').length };
  });

describeBrowser('CSP in Chromium (SEC-5)', () => {
  let browser: Browser;
  let running: RunningServer;
  let probe: ReturnType<typeof Bun.serve>;
  let deps: TestDeps;
  let base: string;
  const htmlWithoutCsp: string[] = [];

  beforeAll(async () => {
    // The real server, sockets included: a console page talks to /ws for as long as it is open.
    ({ deps, running } = await liveServer());
    base = running.url.replace('localhost', '127.0.0.1');
    // A page that breaks the policy on purpose, under the same header, to prove the watch fails it.
    probe = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: () =>
        new Response(
          '<!DOCTYPE html><html><body><p id="probe">probe</p>' +
            '<script>window.__planted = 1</script>' +
            '<img src="/nothing.png" onerror="window.__plantedHandler = 1"></body></html>',
          { headers: { 'content-type': 'text/html', 'content-security-policy': STRICT_CSP } },
        ),
    });
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    probe?.stop(true);
    await running?.stop();
  });

  /**
   * A browser context watched for the whole journey (every page, frame and navigation in it):
   * any CSP violation, console error or uncaught error fails the test at `watch.expectClean()`.
   */
  async function open(
    cookie?: string,
    viewport = { width: 1280, height: 800 },
  ): Promise<{ context: BrowserContext; watch: JourneyWatch }> {
    const context = await browser.newContext({ viewport });
    const watch = await watchJourney(context);
    await context.addInitScript(xssRecorder);
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
    return { context, watch };
  }

  for (const { name, path, role } of pages) {
    test(`${name}: the CSP header is sent and normal use raises zero violations`, async () => {
      const { context, watch } = await open(role ? (await createStaff(deps, role)).cookie : undefined);
      const page = await context.newPage();
      const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      expect(res?.headers()['content-security-policy']).toBe(STRICT_CSP);
      expect(await findings(page)).toEqual({ xssCalls: [], injected: 0 });
      await watch.expectClean();
      await context.close();
    }, 30_000);
  }

  test('signing in through the form (htmx) and landing on the console raises zero violations', async () => {
    const admin = await createStaff(deps, 'admin');
    const { context, watch } = await open();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await Promise.all([
      page.waitForURL(`${base}/admin`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    expect(await findings(page)).toEqual({ xssCalls: [], injected: 0 });
    await watch.expectClean();
    await context.close();
  }, 30_000);

  test('an agent opens a new chat and replies, the pane reloading around styled fields: zero violations', async () => {
    // Issue 13 item 8. Password managers, screenshot tools and Alpine's x-show leave inline styles
    // (set through the CSSOM, which the CSP allows) on fields that have ids; a swap that copied
    // them back with setAttribute('style') broke the policy each time the pane loaded.
    const agent = await createStaff(deps, 'agent');
    const chat = await makeConversation(deps.db, {
      status: 'active',
      assignee_id: agent.id,
      visitor_name: 'Nadia New',
      last_seq: 1,
    });
    await makeMessage(deps.db, { conversation_id: chat.id, seq: 1, body: 'Hello, is anyone there?' });
    await makeConversation(deps.db, {
      status: 'active',
      assignee_id: agent.id,
      visitor_name: 'Omar Other',
    });
    const { context, watch } = await open(agent.cookie);
    const page = await context.newPage();
    await page.goto(`${base}/agent`);
    await page.waitForSelector('html[data-realtime="open"]');
    const decorateFields = () =>
      page.evaluate(() => {
        for (const field of document.querySelectorAll<HTMLElement>('input[id], textarea[id], select[id]')) {
          field.style.setProperty('caret-color', 'transparent');
          field.style.removeProperty('caret-color'); // leaves style="" behind, as they do
        }
      });
    await decorateFields();
    await page.getByRole('link', { name: /Nadia New/ }).click();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Hi Nadia, how can I help?');
    await decorateFields();
    await composer.press('Enter');
    await page.locator('.message-agent', { hasText: 'Hi Nadia, how can I help?' }).waitFor();
    // The inbox refreshes and the agent moves between chats: every swap meets the styled fields.
    await page.getByRole('link', { name: /Omar Other/ }).click();
    await page.getByRole('heading', { name: 'Omar Other' }).waitFor();
    await decorateFields();
    await page.getByRole('link', { name: /Nadia New/ }).click();
    await page.getByRole('heading', { name: 'Nadia New' }).waitFor();
    await page.getByRole('link', { name: 'Unassigned' }).click();
    await page.getByText('No chats here.').waitFor();
    await watch.expectClean();
    await context.close();
  }, 30_000);

  test('a planted inline script, handler and style are blocked, and the journey watch reports each', async () => {
    const { context, watch } = await open();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${probe.port}/csp-probe`, { waitUntil: 'load' });
    // After load, as a swap would: an inline style attribute is refused too.
    await page.evaluate(() => document.getElementById('probe')?.setAttribute('style', 'color: red'));
    const state = await page.evaluate(() => {
      const w = window as unknown as { __planted?: number; __plantedHandler?: number };
      return { planted: w.__planted, handler: w.__plantedHandler };
    });
    expect(state).toEqual({ planted: undefined, handler: undefined });
    // The watch must fail such a journey: this is the proof that it can.
    await expect(watch.expectClean()).rejects.toThrow();
    const reported = watch.problems.filter((p) => p.kind === 'csp').map((p) => p.text);
    for (const directive of ['script-src-elem blocked inline', 'script-src-attr blocked inline']) {
      expect(reported.some((text) => text.startsWith(directive))).toBe(true);
    }
    expect(reported.some((text) => text.startsWith('style-src-attr blocked inline'))).toBe(true);
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
            const { context, watch } = await open(staff.cookie);
            return { path, staff, context, watch, page: await context.newPage() };
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
          xssCalls: [],
          injected: 0,
        });
      }
      for (const { context, watch } of tabs) {
        await watch.expectClean();
        await context.close();
      }
    }, 120_000); // ~25 s on a shared 2-core machine: Chromium loads each console page in 0.2–2 s
  }

  test('every HTML response seen by the browser carried the strict CSP', () => {
    expect(htmlWithoutCsp.filter((url) => !url.endsWith('/csp-probe'))).toEqual([]);
  });
});

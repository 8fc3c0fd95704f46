import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type Browser, type BrowserContext, devices, type Page } from 'playwright-core';
import { revokeUserSessions } from '../../src/auth/sessions.queries.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { toIso } from '../../src/shared/clock.ts';
import { forceLogout, resetPassword } from '../../src/staff/staff.service.ts';
import { describeBrowser, type JourneyWatch, launchChromium, watchJourney } from '../support/browser.ts';
import { createStaff, makeTestDeps, type TestDeps, type TestStaff } from '../support/make-app.ts';

/**
 * ADMIN-3, OPS-7 (issue 13 item 11): an open agent console tells its agent at once when they have
 * been signed out (force logout, password reset) and takes them to the sign-in page, and when its
 * instance dies it says it is reconnecting, that no new chat is offered meanwhile, and never shows
 * "Available for new chats" while disconnected. The socket's close codes drive it.
 */
describeBrowser('agent console: signed out or disconnected', () => {
  let browser: Browser;
  let running: RunningServer;
  let deps: TestDeps;
  let port: number;

  beforeAll(async () => {
    deps = await makeTestDeps();
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    port = running.server.port ?? 0;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const admin = () => createStaff(deps, 'admin');
  const actorOf = (staff: TestStaff) => ({ id: staff.id, role: staff.role });

  async function openConsole(
    agent: TestStaff,
    viewport: { width: number; height: number },
    allowConsoleErrors: RegExp[] = [],
  ): Promise<{ page: Page; context: BrowserContext; watch: JourneyWatch }> {
    const { defaultBrowserType: _, ...iphone } = devices['iPhone 13'] ?? {};
    const context = await browser.newContext(viewport.width < 500 ? { ...iphone, viewport } : { viewport });
    const watch = await watchJourney(context, { allowConsoleErrors });
    const [name = 'sid', value = ''] = agent.cookie.split('=');
    await context.addCookies([{ name, value, url: running.url }]);
    const page = await context.newPage();
    await page.goto(`${running.url}/agent`);
    await page.waitForSelector('html[data-realtime="open"]');
    expect(await page.getByText('Available for new chats').count()).toBe(1);
    return { page, context, watch };
  }

  for (const { how, end, viewport } of [
    {
      how: 'a force logout',
      end: async (agent: TestStaff) => forceLogout(deps, actorOf(await admin()), agent.id),
      viewport: { width: 1280, height: 800 },
    },
    {
      how: 'a password reset, on a 390 px phone',
      end: async (agent: TestStaff) =>
        resetPassword(deps, actorOf(await admin()), agent.id, 'a brand new long password'),
      viewport: { width: 390, height: 844 },
    },
  ]) {
    test(`after ${how} the console says at once it is signed out, then opens the sign-in page`, async () => {
      const agent = await createStaff(deps, 'agent');
      const { page, context, watch } = await openConsole(agent, viewport);
      expect((await end(agent)).ok).toBe(true);
      const notice = page.getByRole('alert').filter({ hasText: 'You have been signed out.' });
      await notice.waitFor();
      expect(await page.getByText('Available for new chats').isVisible()).toBe(false);
      await page.screenshot({ path: `/tmp/agent-signed-out-${viewport.width}.png` });
      await page.waitForURL(`${running.url}/login?next=%2Fagent`);
      expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
      await watch.expectClean();
      await context.close();
    }, 30_000);
  }

  /** A dead instance: the browser logs its refused socket and session checks, nothing else. */
  const unreachable = [
    /WebSocket connection to .* failed/,
    /Failed to load resource: net::ERR_CONNECTION_REFUSED/,
  ];

  test('when the instance dies it shows Reconnecting, offers no chats meanwhile, and recovers', async () => {
    const agent = await createStaff(deps, 'agent');
    const { page, context, watch } = await openConsole(agent, { width: 1280, height: 800 }, unreachable);
    await running.stop();
    try {
      const banner = page.getByRole('status').filter({ hasText: 'New chats are not being offered to you' });
      await banner.waitFor();
      expect(await banner.textContent()).toContain('Reconnecting…');
      expect(await page.getByText('Available for new chats').count()).toBe(0);
      await page.getByText('Offline: reconnecting…').waitFor();
      await page.screenshot({ path: '/tmp/agent-reconnecting.png' });
    } finally {
      running = await startServer(deps, { port, hostname: '127.0.0.1', redisUrl: null });
    }
    const banner = page.getByRole('status').filter({ hasText: 'New chats are not being offered to you' });
    await page.getByText('Available for new chats').waitFor({ timeout: 15_000 });
    await banner.waitFor({ state: 'hidden' });
    expect(await page.getByRole('button', { name: 'Take a break' }).isEnabled()).toBe(true);
    await watch.expectClean();
    await context.close();
  }, 45_000);

  test('a session revoked while its instance was down ends signed out, not reconnecting forever', async () => {
    const agent = await createStaff(deps, 'agent');
    const { page, context, watch } = await openConsole(agent, { width: 1280, height: 800 }, [
      ...unreachable,
      // The new instance refuses the ended session's socket (HTTP 401 on the upgrade).
      /WebSocket connection to .* failed: Error during WebSocket handshake: Unexpected response code: 401/,
    ]);
    await running.stop();
    try {
      await page.getByRole('status').filter({ hasText: 'New chats are not being offered to you' }).waitFor();
      await revokeUserSessions(deps.db, agent.id, toIso(deps.clock.now()));
    } finally {
      running = await startServer(deps, { port, hostname: '127.0.0.1', redisUrl: null });
    }
    await page
      .getByRole('alert')
      .filter({ hasText: 'You have been signed out.' })
      .waitFor({ timeout: 15_000 });
    await page.waitForURL(`${running.url}/login?next=%2Fagent`);
    await watch.expectClean();
    await context.close();
  }, 45_000);
});

import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { describeBrowser, launchChromium, watchJourney } from '../support/browser.ts';
import { makeLead } from '../support/factories.ts';
import { createStaff, makeTestDeps, type TestDeps } from '../support/make-app.ts';

/**
 * AGENT-7 in Chromium: on a follow-up's due date (the server's manual clock) the agent console
 * pings and shows one system notification for it, and not again on the next load; the counts of
 * due today and overdue are on the dashboard.
 */
describeBrowser('follow-up reminder in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;
  let deps: TestDeps;

  beforeAll(async () => {
    deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/follow-up-browser-${process.pid}` } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('a follow-up due today notifies once; overdue and due-today counts show', async () => {
    deps.clock.set('2026-11-23T23:50:00.000Z');
    const agent = await createStaff(deps, 'agent', { crm: true });
    await makeLead(deps.db, { name: 'Grace Hopper', assignee_id: agent.id, follow_up_on: '2026-11-23' });
    await makeLead(deps.db, { name: 'Ada Lovelace', assignee_id: agent.id, follow_up_on: '2026-11-20' });
    await makeLead(deps.db, { name: 'Tomorrow Lead', assignee_id: agent.id, follow_up_on: '2026-11-24' });

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [name = 'sid', value = ''] = agent.cookie.split('=');
    await context.addCookies([{ name, value, url: running.url }]);
    const watch = await watchJourney(context);
    await context.grantPermissions(['notifications'], { origin: running.url });
    await context.addInitScript(() => {
      const signals = { pings: 0, notifications: [] as Array<{ title: string; body: string | undefined }> };
      Object.assign(window, { signals });
      const createOscillator = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        signals.pings++;
        return createOscillator.call(this);
      };
      if (!('ServiceWorkerRegistration' in window)) return;
      ServiceWorkerRegistration.prototype.showNotification = async (
        title: string,
        options?: NotificationOptions,
      ) => void signals.notifications.push({ title, body: options?.body });
    });
    type Signals = { pings: number; notifications: Array<{ title: string; body: string | undefined }> };
    const page = await context.newPage();
    const signals = () => page.evaluate(() => (window as unknown as { signals: Signals }).signals);

    await page.goto(`${running.url}/agent`);
    await page.locator('#follow-ups-due-today', { hasText: '1 due today' }).waitFor();
    await page.locator('#follow-ups-overdue', { hasText: '1 overdue' }).waitFor();
    await page.waitForSelector('html[data-follow-ups-reminded="1"]');
    await page.waitForFunction(
      () => (window as unknown as { signals: Signals }).signals.notifications.length > 0,
    );
    expect((await signals()).notifications).toEqual([
      { title: 'Follow-up due', body: 'Follow up with Grace Hopper today' },
    ]);
    expect((await signals()).pings).toBeGreaterThan(0);

    // Once: the next load of the same day reminds of nothing.
    await page.reload();
    await page.locator('#follow-ups-due-today', { hasText: '1 due today' }).waitFor();
    await Bun.sleep(500);
    expect((await signals()).notifications).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.dataset.followUpsReminded)).toBeUndefined();

    // The next day, the lead that was due tomorrow reminds; yesterday's is overdue now.
    deps.clock.set('2026-11-24T00:10:00.000Z');
    await page.reload();
    await page.locator('#follow-ups-overdue', { hasText: '2 overdue' }).waitFor();
    await page.waitForSelector('html[data-follow-ups-reminded="1"]');
    await page.waitForFunction(
      () => (window as unknown as { signals: Signals }).signals.notifications.length > 0,
    );
    expect((await signals()).notifications).toEqual([
      { title: 'Follow-up due', body: 'Follow up with Tomorrow Lead today' },
    ]);
    await watch.expectClean();
    await context.close();
  }, 60_000);
});

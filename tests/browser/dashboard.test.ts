import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { seedDashboard } from '../db/dashboard/dashboard-seed.ts';
import { describeBrowser, launchChromium, watchJourney } from '../support/browser.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/** Where the journey leaves its screenshots, for a person to look at (not compared). */
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/dashboard-shots';

/**
 * Issue 18, ADMIN-1: a manager opens the dashboard on a desktop and on a 390 px phone, reads the
 * period's figures and the live queue, and follows a block's link to the report it summarises,
 * filtered the same way; no CSP violation or console error on the way.
 */
describeBrowser('dashboard in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;

  beforeAll(async () => {
    running = await startServer(await makeTestDeps(), { port: 0, hostname: '127.0.0.1', redisUrl: null });
    await seedDashboard(running.deps.db);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  for (const viewport of [
    { name: 'desktop', width: 1280, height: 900 },
    { name: 'phone', width: 390, height: 844 },
  ]) {
    test(`a manager reads the dashboard and opens a project's converted chats (${viewport.name})`, async () => {
      const manager = await createStaff(running.deps, 'manager');
      const context = await browser.newContext({ viewport });
      await context.addCookies([{ name: 'sid', value: manager.cookie.slice(4), url: running.url }]);
      const watch = await watchJourney(context);
      const page = await context.newPage();
      await page.goto(`${running.url}/manager`);
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await page.getByRole('navigation', { name: 'Period' }).getByRole('link', { name: '7 days' }).click();
      await page.waitForURL(/days=7/);
      const kpis = page.getByRole('region', { name: 'The period at a glance' });
      expect(await kpis.getByRole('link', { name: /Chats started/ }).textContent()).toContain('6');
      const queue = page.getByRole('region', { name: 'Waiting now' });
      expect(await queue.getByRole('listitem').allTextContents()).toEqual([
        expect.stringContaining('Waiting Wanda'),
        expect.stringContaining('Patient Pat'),
      ]);
      expect(await page.getByRole('img', { name: 'Chats per day' }).isVisible()).toBe(true);
      const projects = page.getByRole('region', { name: 'By project' });
      await projects.scrollIntoViewIfNeeded();
      // The figures fit the screen: nothing scrolls sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}/manager-${viewport.width}.png`, fullPage: true });

      await projects.getByRole('link', { name: 'Alpha: 2 converted' }).click();
      await page.getByRole('heading', { name: 'Chat data' }).waitFor();
      const url = new URL(page.url());
      expect(url.pathname).toBe('/manager/reports/chat-data');
      expect(url.searchParams.get('stage')).toBe('converted');
      expect(url.searchParams.get('from')).toBe('2026-11-17');
      expect(url.searchParams.get('to')).toBe('2026-11-23');
      expect(url.searchParams.get('project')).toBeTruthy();
      // The report shows exactly the two converted Alpha chats of the period.
      await page.locator('#report-total', { hasText: '2 chats' }).waitFor();
      await watch.expectClean();
      await context.close();
    }, 30_000);
  }
});

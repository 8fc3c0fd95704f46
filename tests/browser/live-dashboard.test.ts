import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser } from 'playwright-core';
import { closeConversation } from '../../src/routing/lifecycle.service.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { makeConversation } from '../support/factories.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/** ADMIN-1 "updates live": the dashboard reloads its panels when the staff topic reports a change. */
describeBrowser('live dashboard in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;

  beforeAll(async () => {
    running = await startServer(await makeTestDeps(), { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('closing a chat elsewhere updates the open dashboard without a reload', async () => {
    const { deps } = running;
    const admin = await createStaff(deps, 'admin');
    const chat = await makeConversation(deps.db);
    const context = await browser.newContext();
    await context.addCookies([{ name: 'sid', value: admin.cookie.slice(4), url: running.url }]);
    const page = await context.newPage();
    await page.goto(`${running.url}/admin`);
    const closed = page.locator('.stat-closed .stat-value');
    expect(await closed.textContent()).toBe('0');
    // The socket is up once the admin shows as online in presence.
    for (let i = 0; i < 50 && !(await deps.presence.isOnline({ kind: 'staff', id: admin.id })); i++) {
      await page.waitForTimeout(100);
    }
    expect(await closeConversation(deps, { conversationId: chat.id, actorId: admin.id })).toMatchObject({
      ok: true,
    });
    await page.locator('.stat-closed .stat-value', { hasText: '1' }).waitFor({ timeout: 5000 });
    expect(await page.locator('.stat-unassigned .stat-value').textContent()).toBe('0');
    await context.close();
  }, 30_000);
});

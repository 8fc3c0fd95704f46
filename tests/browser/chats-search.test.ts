import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { describeBrowser, launchChromium, watchJourney } from '../support/browser.ts';
import { makeConversation, makeProject } from '../support/factories.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/**
 * ADR 0048 in Chromium: the admin chats table's search box says how it matches (its hint is the
 * field's description) and filters as the admin types: a name by its beginning, a phone written
 * any way by its end, never a middle fragment.
 */
describeBrowser('chats table search in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;

  beforeAll(async () => {
    const deps = await makeTestDeps();
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('type a name, a formatted number, a middle fragment', async () => {
    const { db } = running.deps;
    const admin = await createStaff(running.deps, 'admin');
    const project = await makeProject(db);
    const chat = (name: string, phone: string, minute: number) =>
      makeConversation(db, {
        project_id: project.id,
        status: 'closed',
        visitor_name: name,
        visitor_phone: phone,
        created_at: `2026-11-20T10:${String(minute).padStart(2, '0')}:00.000Z`,
      });
    await chat('Ada Lovelace', '+12015550102', 1);
    await chat('Adam Smith', '+447911123456', 2);
    await chat('Grace Hopper', '+12015550199', 3);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'sid', value: admin.cookie.slice('sid='.length), url: running.url }]);
    const watch = await watchJourney(context);
    const page = await context.newPage();
    await page.goto(`${running.url}/admin/chats`);
    const results = page.locator('#chats-results');
    const bodyRows = () => results.locator('tbody').getByRole('row').count();
    expect(await bodyRows()).toBe(3);

    const search = page.getByRole('searchbox', { name: 'Name, phone or email' });
    expect(await search.getAttribute('aria-describedby')).toBe('chats-search-hint');
    expect(await page.locator('#chats-search-hint').textContent()).toBe(
      'Name or email starts with…, phone ends with…',
    );

    const names = () => results.locator('tbody').getByRole('row').allInnerTexts();
    await search.fill('ada');
    await page.waitForFunction(() => document.querySelectorAll('#chats-results tbody tr').length === 2);
    expect((await names()).join('\n')).toContain('Ada Lovelace');
    expect((await names()).join('\n')).toContain('Adam Smith');
    expect((await names()).join('\n')).not.toContain('Grace Hopper');

    await search.fill('+1 (201) 555-0199');
    await page.waitForFunction(() => document.querySelectorAll('#chats-results tbody tr').length === 1);
    expect((await names()).join('\n')).toContain('Grace Hopper');

    await search.fill('lovelace');
    await results.getByText('No chats match these filters.').waitFor();
    await watch.expectClean();
    await context.close();
  });
});

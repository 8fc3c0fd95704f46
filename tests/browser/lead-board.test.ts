import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type Browser, type BrowserContext, devices } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { describeBrowser, type JourneyWatch, launchChromium, watchJourney } from '../support/browser.ts';
import { makeLead, makeProject } from '../support/factories.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/**
 * The pipeline board in Chromium (BEYOND-8): a manager drags a card to Qualified, an agent moves
 * one with the keyboard only (Converted asks for the value), the conversion reaches the page's
 * dataLayer, and the board fits a 390 px phone. No CSP violation, no console error.
 */
describeBrowser('pipeline board in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;
  const watches: JourneyWatch[] = [];

  beforeAll(async () => {
    const deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/board-browser-${process.pid}` } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function staffContext(cookie: string, phone: boolean): Promise<BrowserContext> {
    const context = await browser.newContext(
      phone
        ? { ...devices['iPhone 13'], viewport: { width: 390, height: 844 } }
        : { viewport: { width: 1280, height: 900 } },
    );
    await context.addCookies([{ name: 'sid', value: cookie.slice('sid='.length), url: running.url }]);
    watches.push(await watchJourney(context));
    return context;
  }

  const stageOf = async (id: string) =>
    (await running.deps.db.selectFrom('leads').select('stage').where('id', '=', id).executeTakeFirstOrThrow())
      .stage;

  test('a manager drags a card from New to Qualified', async () => {
    const project = await makeProject(running.deps.db, { title: 'Solar' });
    const lead = await makeLead(running.deps.db, {
      name: 'Katherine Johnson',
      email: 'katherine@example.com',
      project_id: project.id,
    });
    const manager = await createStaff(running.deps, 'manager');
    const context = await staffContext(manager.cookie, false);
    const page = await context.newPage();
    await page.goto(`${running.url}/manager/leads?project=${project.id}`);
    await page.getByRole('link', { name: 'Board view' }).click();
    await page.waitForURL(/\/manager\/leads\/board\?project=/);
    const card = page.locator(`#board-card-${lead.id}`);
    await page.locator('.board-column[data-stage="new"]').locator(`#board-card-${lead.id}`).waitFor();
    await card.dragTo(page.locator('.board-column[data-stage="qualified"] .board-cards'));
    await page.locator('.board-column[data-stage="qualified"]').locator(`#board-card-${lead.id}`).waitFor();
    expect(await stageOf(lead.id)).toBe('qualified');
    const pushed = await page.evaluate(() =>
      (window.dataLayer ?? []).map((event) => (event as { stage?: string }).stage),
    );
    expect(pushed).toEqual(['qualified']);
    await page.screenshot({ path: '/tmp/board-desktop.png', fullPage: true });
    for (const watch of watches) await watch.expectClean();
    await context.close();
  }, 60_000);

  test('an agent moves their lead with the keyboard only, on a 390 px phone', async () => {
    const agent = await createStaff(running.deps, 'agent', { crm: true, liveChat: false });
    const lead = await makeLead(running.deps.db, { name: 'Dorothy Vaughan', assignee_id: agent.id });
    const context = await staffContext(agent.cookie, true);
    const page = await context.newPage();
    await page.goto(`${running.url}/agent/leads/board`);
    const card = page.locator(`#board-card-${lead.id}`);
    await card.waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/board-phone.png', fullPage: true });

    // Keyboard: focus the card's "Move to…", pick Qualified, Tab to Move, Enter.
    await card.getByLabel('Move to…').focus();
    await card.getByLabel('Move to…').selectOption({ label: 'Qualified' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.board-column[data-stage="qualified"]').locator(`#board-card-${lead.id}`).waitFor();
    expect(await stageOf(lead.id)).toBe('qualified');
    // Focus comes back to the moved card.
    await page.waitForFunction((id) => document.activeElement?.id === id, `board-move-${lead.id}`);

    // Converted asks for the optional deal value first.
    await page.locator(`#board-move-${lead.id}`).selectOption({ label: 'Converted' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const value = page.locator(`#board-value-${lead.id}`);
    await value.waitFor();
    await page.waitForFunction((id) => document.activeElement?.id === id, `board-value-${lead.id}`);
    expect(await stageOf(lead.id)).toBe('qualified');
    await page.keyboard.type('950');
    await page.keyboard.press('Enter');
    await page.locator('.board-column[data-stage="converted"]').locator(`#board-card-${lead.id}`).waitFor();
    expect(await stageOf(lead.id)).toBe('converted');
    await page.screenshot({ path: '/tmp/board-phone-moved.png', fullPage: true });
    for (const watch of watches) await watch.expectClean();
    await context.close();
  }, 60_000);
});

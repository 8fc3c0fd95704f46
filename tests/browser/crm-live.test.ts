import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { describeBrowser, type JourneyWatch, launchChromium, watchJourney } from '../support/browser.ts';
import { makeConversation, makeLead, makeProject, makeVisitor } from '../support/factories.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/**
 * Lead changes live on every console that shows the lead (issue 14 item 3, ADR 0045), in
 * Chromium: a card moved on one board moves on another and in an open inbox; a stage change on
 * the manager's lead page shows in the agent's open chat and an admin's chat modal (and the
 * agent's on the lead page) without a reload and without losing what the agent was typing. No CSP violation, no console error.
 */
describeBrowser('CRM live in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;
  const watches: JourneyWatch[] = [];

  beforeAll(async () => {
    const deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/crm-live-browser-${process.pid}` } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function staffPage(cookie: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'sid', value: cookie.slice('sid='.length), url: running.url }]);
    watches.push(await watchJourney(context));
    return { context, page: await context.newPage() };
  }

  /** Marks the loaded document: still marked later means nothing reloaded it. */
  const markLoaded = (page: Page) =>
    page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
  const stillLoaded = (page: Page) =>
    page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

  /** The page's socket is up: later changes reach it. */
  const socketReady = (page: Page) =>
    page.waitForFunction(() => document.documentElement.getAttribute('data-realtime') === 'open');

  test('a card moved on one board moves on another board and in an open inbox', async () => {
    const project = await makeProject(running.deps.db, { title: 'Solar live' });
    const lead = await makeLead(running.deps.db, { name: 'Grace Hopper', project_id: project.id });
    const [mover, watcher, admin] = [
      await createStaff(running.deps, 'manager'),
      await createStaff(running.deps, 'manager'),
      await createStaff(running.deps, 'admin'),
    ];
    const one = await staffPage(mover.cookie);
    const two = await staffPage(watcher.cookie);
    const inbox = await staffPage(admin.cookie);
    const card = (page: Page, stage: string) =>
      page.locator(`.board-column[data-stage="${stage}"]`).locator(`#board-card-${lead.id}`);
    await two.page.goto(`${running.url}/manager/leads/board?project=${project.id}`);
    await socketReady(two.page);
    await inbox.page.goto(`${running.url}/admin/leads?project=${project.id}`);
    await socketReady(inbox.page);
    await card(two.page, 'new').waitFor();
    const row = inbox.page.locator(`#lead-row-${lead.id}`);
    await row.getByText('New', { exact: true }).waitFor();
    await markLoaded(two.page);
    await markLoaded(inbox.page);

    await one.page.goto(`${running.url}/manager/leads/board?project=${project.id}`);
    await card(one.page, 'new').dragTo(
      one.page.locator('.board-column[data-stage="qualified"] .board-cards'),
    );
    await card(one.page, 'qualified').waitFor();

    await card(two.page, 'qualified').waitFor();
    expect(await card(two.page, 'new').count()).toBe(0);
    await row.getByText('Qualified', { exact: true }).waitFor();
    expect(await stillLoaded(two.page)).toBe(true);
    expect(await stillLoaded(inbox.page)).toBe(true);
    for (const watch of watches) await watch.expectClean();
    await Promise.all([one.context.close(), two.context.close(), inbox.context.close()]);
  }, 60_000);

  test('the manager’s lead page and the agent’s open chat follow each other’s changes', async () => {
    const { db } = running.deps;
    const agent = await createStaff(running.deps, 'agent', { crm: true, liveChat: true });
    const manager = await createStaff(running.deps, 'manager');
    const project = await makeProject(db, { title: 'Roofs live' });
    const visitor = await makeVisitor(db, { project_id: project.id, name: 'Ada Byron' });
    const chat = await makeConversation(db, {
      project_id: project.id,
      visitor_id: visitor.id,
      status: 'active',
      assignee_id: agent.id,
      visitor_name: 'Ada Byron',
    });
    await makeLead(db, {
      id: visitor.id,
      visitor_id: visitor.id,
      source: 'chat',
      project_id: project.id,
      name: 'Ada Byron',
      assignee_id: agent.id,
    });

    const agentSide = await staffPage(agent.cookie);
    const pane = agentSide.page;
    await pane.goto(`${running.url}/agent?chat=${chat.id}`);
    const panel = pane.getByRole('complementary', { name: 'Lead details' });
    const paneStage = pane.getByLabel('Lead stage');
    await paneStage.waitFor();
    await pane.waitForFunction(() => document.documentElement.getAttribute('data-realtime') === 'open');
    await markLoaded(pane);
    // A note half written in the panel: a change elsewhere must not wipe it.
    await panel.getByLabel('Add a note').fill('Half a thought');

    // An admin has the same chat open in the Chats table's modal.
    const adminSide = await staffPage((await createStaff(running.deps, 'admin')).cookie);
    const chats = adminSide.page;
    await chats.goto(`${running.url}/admin/chats`);
    await chats.getByRole('link', { name: 'Open chat with Ada Byron' }).click();
    const modal = chats.getByRole('dialog', { name: 'Chat' });
    await modal.getByRole('heading', { name: 'Ada Byron' }).waitFor();
    await socketReady(chats);
    await markLoaded(chats);

    const managerSide = await staffPage(manager.cookie);
    const leadPage = managerSide.page;
    await leadPage.goto(`${running.url}/manager/leads/${visitor.id}`);
    await leadPage.getByLabel('Stage').selectOption({ label: 'Qualified' });
    await leadPage.getByRole('button', { name: 'Save stage' }).click();
    await leadPage.locator('.page-header .pill', { hasText: 'Qualified' }).waitFor();

    await pane.waitForFunction(
      (id) => (document.getElementById(`stage-${id}`) as HTMLSelectElement | null)?.value === 'qualified',
      chat.id,
    );
    expect(await panel.getByLabel('Add a note').inputValue()).toBe('Half a thought');
    expect(await stillLoaded(pane)).toBe(true);

    // The agent's change from the chat pane shows on the manager's lead page, without a reload.
    await leadPage.reload();
    await socketReady(leadPage);
    await markLoaded(leadPage);
    await paneStage.selectOption({ label: 'Not qualified' });
    await leadPage.locator('.page-header .pill', { hasText: 'Not qualified' }).waitFor();
    expect(await leadPage.getByLabel('Stage').inputValue()).toBe('not_qualified');
    expect(await stillLoaded(leadPage)).toBe(true);
    await chats.waitForFunction(
      (id) =>
        (
          document
            .getElementById(`chat-stage-form-${id}`)
            ?.querySelector('select') as HTMLSelectElement | null
        )?.value === 'not_qualified',
      chat.id,
    );
    await modal.getByRole('definition').getByText('Not qualified', { exact: true }).waitFor();

    // Once the agent lets go of their draft, the panel catches up with the manager's note.
    await panel.getByLabel('Add a note').fill('');
    await pane.keyboard.press('Tab');
    await leadPage.getByLabel('Add a note').fill('Called back, wants a site visit');
    await leadPage.getByRole('button', { name: 'Add note' }).click();
    await leadPage.getByText('Called back, wants a site visit').waitFor();
    await panel.getByText('Called back, wants a site visit').waitFor();
    await modal.getByText('Called back, wants a site visit').waitFor();
    expect(await stillLoaded(pane)).toBe(true);
    expect(await stillLoaded(chats)).toBe(true);
    await modal.waitFor();
    for (const watch of watches) await watch.expectClean();
    await Promise.all([agentSide.context.close(), managerSide.context.close(), adminSide.context.close()]);
  }, 60_000);
});

import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser } from 'playwright-core';
import { createApp } from '../../src/app.tsx';
import { findConversationById } from '../../src/conversations/conversations.queries.ts';
import { findProjectBySlug } from '../../src/projects/projects.queries.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { makeConversation } from '../support/factories.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/**
 * Issue 7 journey: an admin creates a branded project (live preview follows the form), opens its
 * /p/{slug} page and sees the branding, assigns a waiting chat from the chat modal and replies as admin.
 */
describeBrowser('admin console in Chromium', () => {
  let browser: Browser;
  let server: ReturnType<typeof Bun.serve>;
  let deps: Awaited<ReturnType<typeof makeTestDeps>>;

  beforeAll(async () => {
    deps = await makeTestDeps();
    server = Bun.serve({ port: 0, fetch: createApp(deps).fetch });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.stop(true);
  });

  test('create a project with colours and welcome text; assign a waiting chat from the modal', async () => {
    const admin = await createStaff(deps, 'admin');
    const agent = await createStaff(deps, 'agent');
    await deps.presence.connect({ kind: 'staff', id: agent.id }, 'agent-tab', deps.clock.now());
    const base = `http://127.0.0.1:${server.port}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'sid', value: admin.cookie.slice(4), url: base }]);
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });

    await page.goto(`${base}/admin/projects/new`);
    await page.getByLabel('Internal name').fill('Winter sale');
    await page.getByLabel('Slug').fill('winter');
    await page.getByLabel('Page title').fill('Winter deals');
    await page.getByLabel('Welcome heading').fill('Snow way!');
    await page.getByLabel('Accent colour').fill('#16a34a');
    // The live preview follows the form without a round trip.
    const preview = page.getByRole('complementary', { name: 'Live preview' });
    await preview.getByText('Snow way!').waitFor();
    expect(
      await preview.locator('.preview-button').evaluate((el) => getComputedStyle(el).backgroundColor),
    ).toBe('rgb(22, 163, 74)');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/admin\/projects\/[0-9A-Z]{26}$/);
    expect(await findProjectBySlug(deps.db, 'winter')).toMatchObject({
      accent_color: '#16a34a',
      welcome_heading: 'Snow way!',
    });
    await page.getByRole('heading', { name: 'Embed code' }).waitFor();

    // The visitor page of the new slug carries the branding at once (read per request, PROJ-2).
    const visitorPage = await context.newPage();
    await visitorPage.goto(`${base}/p/winter`);
    expect(await visitorPage.getByRole('heading', { level: 1 }).textContent()).toBe('Winter deals');
    expect(await visitorPage.locator('#welcome-heading').textContent()).toBe('Snow way!');
    const accent = await visitorPage.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
    );
    expect(accent).toBe('#16a34a');
    await visitorPage.close();

    const chat = await makeConversation(deps.db, { visitor_name: 'Walter Waiting' });
    await page.goto(`${base}/admin/chats`);
    await page.getByRole('link', { name: 'Open chat with Walter Waiting' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat' });
    await dialog.getByRole('heading', { name: 'Walter Waiting' }).waitFor();
    await dialog.getByLabel('Assign to').selectOption(agent.id);
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.getByText('Assigned. The agent has the chat now.').waitFor();
    expect(await findConversationById(deps.db, chat.id)).toMatchObject({
      assigneeId: agent.id,
      status: 'active',
    });
    // The agent's inbox topic got the assignment (delivered over the socket once realtime is wired).
    expect(
      deps.publisher.published.some(
        (p) => p.topic === `agent:${agent.id}` && p.event.type === 'conversation.assigned',
      ),
    ).toBe(true);
    // The table behind the modal refreshed itself.
    await page.locator(`#chat-row-${chat.id}`).getByText('Assigned').waitFor();
    // Reply as admin: stored and published as an 'admin' message (the visitor page renders it).
    await dialog.getByLabel('Reply as admin').fill('Hi Walter, an agent is with you now.');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.locator('.message-admin').getByText('Hi Walter, an agent is with you now.').waitFor();
    expect(
      deps.publisher.published.some(
        (p) =>
          p.topic === `visitor:${chat.id}` &&
          p.event.type === 'message.created' &&
          p.event.message.senderKind === 'admin',
      ),
    ).toBe(true);
    await page.screenshot({ path: '/tmp/browser-admin-chat-modal.png' });
    expect(cspErrors).toEqual([]);
    await context.close();
  }, 30_000);
});

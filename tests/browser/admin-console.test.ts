import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type Browser, type BrowserContext, devices, type Page } from 'playwright-core';
import { findConversationById } from '../../src/conversations/conversations.queries.ts';
import { findProjectBySlug } from '../../src/projects/projects.queries.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { openSocket, type TestSocket } from '../realtime/support/ws-client.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/**
 * Issue 7 journey with three real browsers: an admin creates a branded project (live preview follows
 * the form) and sees the branding on /p/{slug}; a visitor on a phone starts a chat there while no
 * agent is online, so it waits; the admin assigns it from the chat modal to an agent whose console
 * is open and gets it live; the admin's reply reaches the visitor's page live as a "from the team"
 * bubble.
 *
 * Product rule (ROUTE-4, ROUTE-8): an agent who becomes available drains the queue at once, so a
 * queued chat never waits while an eligible agent is online: here a second agent (Bob, a real
 * agent WebSocket) comes online and routing gives him the waiting chat; the admin then hands it to
 * Alice, whose console is open, from the modal (staff may assign any agent; see
 * transfer.service.ts assignByStaff).
 */
describeBrowser('admin console in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;
  let bobSocket: TestSocket | undefined;
  const violations: string[] = [];

  beforeAll(async () => {
    const deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/admin-browser-${process.pid}` } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    bobSocket?.close();
    await browser?.close();
    await running?.stop();
  });

  function watch(page: Page, who: string): Page {
    page.on('pageerror', (error) => violations.push(`${who} page error: ${error.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to|CSP violation/i.test(m.text())) {
        violations.push(`${who}: ${m.text()}`);
      }
    });
    return page;
  }

  async function staffContext(cookie: string): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'sid', value: cookie.slice('sid='.length), url: running.url }]);
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(
          `CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
        );
      });
    });
    return context;
  }

  test('create a branded project; a visitor waits; assign from the modal to a live agent; reply as admin', async () => {
    const deps = running.deps;
    const admin = await createStaff(deps, 'admin');
    const alice = await createStaff(deps, 'agent');
    const bob = await createStaff(deps, 'agent');
    const base = running.url;
    const adminContext = await staffContext(admin.cookie);
    const page = watch(await adminContext.newPage(), 'admin');

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

    // A visitor on a phone opens the new slug: the branding is there at once (PROJ-2). No agent is
    // online, so the chat they start waits in the queue.
    const { defaultBrowserType: _, ...pixel } = devices['Pixel 7'] ?? {};
    const visitorContext = await browser.newContext({ ...pixel });
    const visitor = watch(await visitorContext.newPage(), 'visitor');
    await visitor.goto(`${base}/p/winter`);
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Winter deals');
    expect(await visitor.locator('#welcome-heading').textContent()).toBe('Snow way!');
    expect(
      await visitor.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
      ),
    ).toBe('#16a34a');
    const joined = visitor
      .waitForEvent('websocket')
      .then((ws) =>
        ws.waitForEvent('framereceived', { predicate: (f) => String(f.payload).includes('"joined"') }),
      );
    await visitor.getByLabel('Your name').fill('Walter Waiting');
    await visitor.getByLabel('Country').selectOption('GB');
    await visitor.getByLabel('Phone number').fill('07911 123456');
    await visitor.getByLabel(/Email/).fill('walter@example.com');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    await visitor.locator('#chat').waitFor({ state: 'visible' });
    await joined;
    const started = await deps.db
      .selectFrom('conversations')
      .select(['id', 'status', 'assignee_id'])
      .where('visitor_name', '=', 'Walter Waiting')
      .executeTakeFirstOrThrow();
    expect(started).toMatchObject({ status: 'unassigned', assignee_id: null });
    const chatId = started.id;
    await visitor.screenshot({ path: '/tmp/admin-journey-1-visitor-waiting.png' });

    // The admin sees it waiting (Unassigned) in the chats table.
    await page.goto(`${base}/admin/chats`);
    await page.locator(`#chat-row-${chatId}`).getByText('Unassigned').waitFor();

    // Bob comes online over the real agent socket: the queue drains to him (ROUTE-4).
    bobSocket = await openSocket(running.wsUrl, { Cookie: bob.cookie, Origin: base });
    await bobSocket.next(
      (f) => JSON.stringify(f).includes('conversation.assigned') && JSON.stringify(f).includes(chatId),
    );
    expect(await findConversationById(deps.db, chatId)).toMatchObject({
      assigneeId: bob.id,
      status: 'active',
    });

    // Alice signs in; her console is open and live, her Active bucket is empty.
    const aliceContext = await staffContext(alice.cookie);
    const agent = watch(await aliceContext.newPage(), 'agent');
    await agent.goto(`${base}/agent`);
    await agent.waitForSelector('html[data-realtime="open"]');
    const activeList = agent.locator('.bucket-list[data-bucket="active"]');
    await activeList.waitFor();
    expect(await agent.locator(`#conversation-${chatId}`).count()).toBe(0);

    // The admin assigns the chat to Alice from the modal.
    await page.reload();
    await page.getByRole('link', { name: 'Open chat with Walter Waiting' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat' });
    await dialog.getByRole('heading', { name: 'Walter Waiting' }).waitFor();
    await dialog.getByLabel('Assign to').selectOption(alice.id);
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.getByText(/^Assigned to .+\. They have the chat now\.$/).waitFor();
    expect(await findConversationById(deps.db, chatId)).toMatchObject({
      assigneeId: alice.id,
      status: 'active',
    });
    // The table behind the modal refreshed itself.
    await page.locator(`#chat-row-${chatId}`).getByText('Assigned').waitFor();

    // Alice's console shows it live in her Active bucket, without a reload.
    await activeList.locator(`#conversation-${chatId}`).getByText('Walter Waiting').waitFor();
    await agent.screenshot({ path: '/tmp/admin-journey-2-agent-active.png', caret: 'initial' });

    // The admin replies from the modal; the visitor's page shows it live as a "from the team" bubble.
    await dialog.getByLabel('Reply as admin').fill('Hi Walter, an agent is with you now.');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.locator('.message-admin').getByText('Hi Walter, an agent is with you now.').waitFor();
    await page.screenshot({ path: '/tmp/admin-journey-3-admin-modal.png' });
    const bubble = visitor.locator('.vp-msg.vp-msg-admin', {
      hasText: 'Hi Walter, an agent is with you now.',
    });
    await bubble.waitFor();
    expect(await bubble.locator('.vp-msg-sender').textContent()).toMatch(/From the team$/);
    expect(await bubble.evaluate((el) => el.classList.contains('vp-msg-mine'))).toBe(false);
    await visitor.screenshot({ path: '/tmp/admin-journey-4-visitor-admin-bubble.png' });

    expect(violations).toEqual([]);
    await Promise.all([adminContext.close(), visitorContext.close(), aliceContext.close()]);
  }, 45_000);
});

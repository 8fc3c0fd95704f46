import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sendMessage } from '../../src/messages/messages.service.ts';
import { saveRubric } from '../../src/qa/scorecards.service.ts';
import { closeConversation } from '../../src/routing/lifecycle.service.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { hashToken, randomToken } from '../../src/shared/ids.ts';
import { visitorProject } from '../http/visitor/visitor-support.ts';
import { openVisitor } from '../realtime/support/live.ts';
import { describeBrowser, type JourneyWatch, launchChromium, watchJourney } from '../support/browser.ts';
import { makeConversation, makeMessage, makeVisitor } from '../support/factories.ts';
import { createStaff, makeTestDeps, type TestDeps, type TestStaff } from '../support/make-app.ts';

/**
 * QA-1 in Chromium: a reviewer watches a chat live (the visitor's message, typing and read
 * receipts arrive without a reload) and the console offers no control that writes to a chat; on a
 * 390 px phone the list and the pane stack. BEYOND-5: the visitor rates a closed chat once.
 */
describeBrowser('QA console and CSAT in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;
  let deps: TestDeps;
  const watches: JourneyWatch[] = [];

  beforeAll(async () => {
    deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/qa-browser-${process.pid}` } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function watched(options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
    const context = await browser.newContext(options);
    watches.push(await watchJourney(context));
    return context;
  }

  async function seedChat(agent: TestStaff, name: string) {
    const project = await visitorProject(deps.db, { slug: `qa-${deps.ids.next().slice(-6).toLowerCase()}` });
    const token = randomToken();
    const visitor = await makeVisitor(deps.db, { project_id: project.id, token_hash: hashToken(token) });
    const chat = await makeConversation(deps.db, {
      project_id: project.id,
      visitor_id: visitor.id,
      status: 'active',
      assignee_id: agent.id,
      visitor_name: name,
      last_seq: 2,
    });
    await makeMessage(deps.db, { conversation_id: chat.id, seq: 1, body: 'Do you ship to Porto?' });
    await makeMessage(deps.db, {
      conversation_id: chat.id,
      seq: 2,
      sender_kind: 'agent',
      sender_user_id: agent.id,
      body: 'Yes, in two days.',
    });
    return { project, token, chat };
  }

  async function qaConsole(context: BrowserContext): Promise<Page> {
    const qa = await createStaff(deps, 'qa');
    const [name = 'sid', value = ''] = qa.cookie.split('=');
    await context.addCookies([{ name, value, url: running.url }]);
    const page = await context.newPage();
    await page.goto(`${running.url}/qa`);
    await page.waitForSelector('html[data-realtime="open"]');
    return page;
  }

  /** Controls in the page body that could change a chat: posting forms, htmx writes, editors. */
  const writingControls = (page: Page) =>
    page.evaluate(() => {
      const main = document.querySelector('main') ?? document.body;
      const scores = document.getElementById('qa-scores');
      const outside = (el: Element) => !scores?.contains(el);
      return [
        ...[...main.querySelectorAll('form')].filter((f) => f.method.toLowerCase() !== 'get'),
        ...main.querySelectorAll('[hx-post], [hx-put], [hx-patch], [hx-delete], textarea, [contenteditable]'),
      ]
        .filter(outside)
        .map((el) => el.outerHTML.slice(0, 120));
    });

  test('desktop: QA watches a chat live (message, typing, receipts) with no control that writes', async () => {
    const agent = await createStaff(deps, 'agent');
    const { project, token, chat } = await seedChat(agent, 'Marta Reis');
    const context = await watched({ viewport: { width: 1280, height: 800 } });
    const page = await qaConsole(context);

    await page.getByRole('link', { name: /Review chat with Marta Reis/ }).click();
    const pane = page.getByRole('region', { name: 'Chat under review' });
    await pane.getByRole('heading', { name: 'Marta Reis' }).waitFor();
    await pane.getByText('Yes, in two days.').waitFor();
    expect(await writingControls(page)).toEqual([]);

    // The visitor types, then writes: QA sees both live.
    const visitor = await openVisitor(running, project.id, token);
    expect(await page.locator(`#qa-${chat.id}-presence`).textContent()).toBe('Away');
    visitor.send({ type: 'join', conversationId: chat.id, afterSeq: 2 });
    await visitor.next((f) => f.type === 'joined');
    // Presence: the visitor's socket joined, QA sees them online.
    await page.locator(`#qa-${chat.id}-presence`, { hasText: 'Online' }).waitFor();
    visitor.send({ type: 'typing', conversationId: chat.id, typing: true });
    await pane.getByText('Marta Reis is typing…').waitFor();
    visitor.send({ type: 'send', conversationId: chat.id, clientMessageId: 'v-3', body: 'And to Lisbon?' });
    await pane.getByText('And to Lisbon?').waitFor();
    // The list beside it refreshes itself too (its last-message column).
    await page.locator('#qa-results').getByText('And to Lisbon?').waitFor();
    expect(await pane.getByText('Marta Reis is typing…').count()).toBe(0);

    // The agent answers (as their console would) and the visitor reads it: the ticks turn to "Read".
    await sendMessage(running.deps, {
      conversationId: chat.id,
      clientMessageId: 'a-4',
      senderKind: 'agent',
      senderUserId: agent.id,
      body: 'Lisbon too.',
      guard: { assigneeId: agent.id },
    });
    const reply = pane.locator('.message', { hasText: 'Lisbon too.' });
    await reply.waitFor();
    visitor.send({ type: 'read', conversationId: chat.id, seq: 4 });
    await reply.locator('.ticks[aria-label="Read"]').waitFor();

    // Still nothing that writes; QA's own reading never moved the staff receipts.
    expect(await writingControls(page)).toEqual([]);
    const row = await deps.db
      .selectFrom('conversations')
      .select(['staff_read_seq', 'staff_delivered_seq'])
      .where('id', '=', chat.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ staff_read_seq: 0, staff_delivered_seq: 0 });
    visitor.close();
    await page.locator(`#qa-${chat.id}-presence`, { hasText: 'Away' }).waitFor();
    await context.close();
  }, 30_000);

  test('QA scores a chat under the rubric in the pane; the agent reads it under My scores', async () => {
    const admin = await createStaff(deps, 'admin');
    const agent = await createStaff(deps, 'agent');
    await saveRubric(running.deps, {
      rows: [
        { label: 'Tone', weight: '1' },
        { label: 'Correct answer', weight: '3' },
      ],
      actorId: admin.id,
    });
    const { chat } = await seedChat(agent, 'Joana Pires');
    const context = await watched({ viewport: { width: 1280, height: 800 } });
    const page = await qaConsole(context);
    await page.goto(`${running.url}/qa/chats/${chat.id}`);
    const scores = page.getByRole('region', { name: 'Scorecards' });
    await scores.getByRole('group', { name: /Tone/ }).getByRole('radio', { name: '5' }).check();
    await scores
      .getByRole('group', { name: /Correct answer/ })
      .getByRole('radio', { name: '2' })
      .check();
    await scores.getByLabel('Comment for the agent').fill('Quote the delivery price next time');
    await scores.getByRole('button', { name: 'Save score' }).click();
    await page.getByText('Score saved.').waitFor();
    // (1×5 + 3×2) / 4
    expect(await page.locator('.qa-total').first().textContent()).toBe('2.75');

    const [name = 'sid', value = ''] = agent.cookie.split('=');
    const agentContext = await watched({ viewport: { width: 390, height: 844 }, isMobile: true });
    await agentContext.addCookies([{ name, value, url: running.url }]);
    const mine = await agentContext.newPage();
    await mine.goto(`${running.url}/agent/scores`);
    await mine.getByText('Quote the delivery price next time').waitFor();
    expect(await mine.getByText('Average 2.75 / 5').count()).toBe(1);
    await agentContext.close();
    await context.close();
  }, 30_000);

  test('390 px phone: the list and the pane stack without sideways scrolling', async () => {
    const agent = await createStaff(deps, 'agent');
    await seedChat(agent, 'Rui Costa');
    const context = await watched({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await qaConsole(context);
    await page.getByRole('link', { name: /Review chat with Rui Costa/ }).click();
    await page
      .getByRole('region', { name: 'Chat under review' })
      .getByRole('heading', { name: 'Rui Costa' })
      .waitFor();
    const widths = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      view: window.innerWidth,
    }));
    expect(widths.doc).toBeLessThanOrEqual(widths.view);
    await page.screenshot({ path: '/tmp/qa-console-phone.png', fullPage: true });
    await context.close();
  }, 30_000);

  test('visitor page: a closed chat asks for a rating once, and a reload shows the thanks', async () => {
    const admin = await createStaff(deps, 'admin');
    const agent = await createStaff(deps, 'agent');
    const { project, token, chat } = await seedChat(agent, 'Ana Sousa');
    const context = await watched({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.addCookies([{ name: `vt_${project.id}`, value: token, url: running.url }]);
    const page = await context.newPage();
    await page.goto(`${running.url}/p/${project.slug}`);
    await page.getByText('Yes, in two days.').waitFor({ timeout: 5000 });
    expect(await page.locator('#csat').isHidden()).toBe(true);

    expect((await closeConversation(running.deps, { conversationId: chat.id, actorId: admin.id })).ok).toBe(
      true,
    );
    const form = page.getByRole('form', { name: /How was this chat/ });
    await form.waitFor({ timeout: 5000 });
    await form.getByRole('radio', { name: '4' }).check({ timeout: 5000 });
    await form.getByLabel(/Anything to add/).fill('Fast and friendly');
    // A double tap on Send: one rating.
    await form.getByRole('button', { name: 'Send rating' }).dblclick();
    await page.getByText('Thank you for your rating.').waitFor();
    expect(await page.locator('#csat').isHidden()).toBe(true);

    await page.reload();
    await page.getByText('Thank you for your rating.').waitFor();
    expect(await page.locator('#csat').isHidden()).toBe(true);
    const row = await deps.db
      .selectFrom('conversations')
      .select(['csat_score', 'csat_comment'])
      .where('id', '=', chat.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ csat_score: 4, csat_comment: 'Fast and friendly' });
    await context.close();
  }, 30_000);

  test('no CSP violation or console error on any page', async () => {
    for (const watch of watches) await watch.expectClean();
  });
});

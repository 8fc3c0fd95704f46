import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type Browser, type BrowserContext, devices, type Page } from 'playwright-core';
import { TYPING_THROTTLE_MS } from '../../src/realtime/typing.ts';
import type { RunningServer } from '../../src/server.ts';
import { visitorProject } from '../http/visitor/visitor-support.ts';
import { liveServer } from '../realtime/support/live.ts';
import { describeBrowser, type JourneyWatch, launchChromium, watchJourney } from '../support/browser.ts';
import { createStaff, type TestDeps } from '../support/make-app.ts';

/**
 * The agent journey of issue 6 in Chromium, both sides real: the visitor is the visitor page
 * (/p/default) on a phone-sized context, the agents are the real console.
 */
describeBrowser('agent console in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;
  let deps: TestDeps;
  const watches: JourneyWatch[] = [];
  const focus = new Map<Page, (enabled: boolean) => Promise<void>>();

  beforeAll(async () => {
    const live = await liveServer();
    running = live.running;
    deps = live.deps;
    await visitorProject(deps.db, { slug: 'default', is_default: 1, title: 'Acme Solar' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function contextFor(cookie?: string): Promise<BrowserContext> {
    const { defaultBrowserType: _, ...pixel } = devices['Pixel 7'] ?? {};
    const context = await browser.newContext(cookie ? { viewport: { width: 1280, height: 800 } } : pixel);
    if (cookie) {
      const [name = 'sid', value = ''] = cookie.split('=');
      await context.addCookies([{ name, value, url: running.url }]);
    }
    // Every page of the journey is watched for CSP violations and console errors.
    watches.push(await watchJourney(context));
    await context.grantPermissions(['notifications'], { origin: running.url });
    await context.addInitScript(() => {
      // Record what the console asks of the OS: badge numbers, pings, system notifications.
      const signals = {
        badges: [] as number[],
        pings: 0,
        notifications: [] as Array<{ title: string; data: unknown }>,
      };
      Object.assign(window, { signals });
      Navigator.prototype.setAppBadge = async (n?: number) => void signals.badges.push(n ?? 0);
      Navigator.prototype.clearAppBadge = async () => void signals.badges.push(0);
      const createOscillator = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        signals.pings++;
        return createOscillator.call(this);
      };
      if (!('ServiceWorkerRegistration' in window)) return; // about:blank and other non-secure pages
      ServiceWorkerRegistration.prototype.showNotification = async (
        title: string,
        options?: NotificationOptions,
      ) => void signals.notifications.push({ title, data: options?.data });
    });
    return context;
  }

  type Signals = {
    badges: number[];
    pings: number;
    notifications: Array<{ title: string; data: { conversationId: string } }>;
  };
  const signalsOf = (page: Page) => page.evaluate(() => (window as unknown as { signals: Signals }).signals);

  async function agentPage(cookie: string): Promise<Page> {
    const page = await (await contextFor(cookie)).newPage();
    // Headless pages are never focused; the console marks messages read only when focused.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: true });
    focus.set(page, (enabled) =>
      cdp.send('Emulation.setFocusEmulationEnabled', { enabled }).then(() => undefined),
    );
    await page.goto(`${running.url}/agent`);
    await page.waitForSelector('html[data-realtime="open"]');
    return page;
  }

  test('chat arrives live, is read, typed in both ways, answered with a canned reply, starred, transferred', async () => {
    const alice = await createStaff(deps, 'agent');
    const bob = await createStaff(deps, 'agent');
    const agent = await agentPage(alice.cookie);
    const bobPage = await agentPage(bob.cookie);
    await bobPage.getByRole('button', { name: 'Take a break' }).click();
    await bobPage.getByRole('button', { name: 'End break' }).waitFor();

    // Installable: the manifest is served and the service worker controls the console's scope.
    const manifest = await agent.evaluate(async () =>
      (await fetch('/static/agent/manifest.webmanifest')).json(),
    );
    expect(manifest.start_url).toBe('/agent');
    expect(await agent.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(
      `${running.url}/agent`,
    );

    // A canned reply, saved from the console.
    await agent.getByRole('button', { name: 'Manage canned replies' }).click();
    await agent.locator('#canned-new-title').fill('Greeting');
    await agent.locator('#canned-new-body').fill('Hello! How can I help you today?');
    await agent.getByRole('button', { name: 'Add reply' }).click();
    await agent.getByText('1 of 5 used').waitFor();
    await agent.screenshot({ path: '/tmp/agent-canned-replies.png' });
    await agent.getByRole('button', { name: 'Done' }).click();

    // The visitor fills the form on the real visitor page; routing gives the chat to Alice (Bob is
    // on a break).
    const visitor = await (await contextFor()).newPage();
    const joined = visitor
      .waitForEvent('websocket')
      .then((ws) =>
        ws.waitForEvent('framereceived', { predicate: (f) => String(f.payload).includes('"joined"') }),
      );
    await visitor.goto(`${running.url}/p/default`);
    await visitor.getByLabel('Your name').fill('Maria Lopez');
    await visitor.getByLabel('Country').selectOption('GB');
    await visitor.getByLabel('Phone number').fill('07911 123456');
    await visitor.getByLabel(/Email/).fill('maria@example.com');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    await visitor.locator('#chat').waitFor({ state: 'visible' });
    await joined;
    const conversation = await deps.db
      .selectFrom('conversations')
      .selectAll()
      .where('visitor_name', '=', 'Maria Lopez')
      .executeTakeFirstOrThrow();
    expect(conversation.assignee_id).toBe(alice.id);

    const composer = visitor.getByRole('textbox', { name: 'Message', exact: true });
    await composer.fill('Hi, I would like a quote');
    await composer.press('Enter');
    const mine = visitor.locator('.vp-msg-mine', { hasText: 'Hi, I would like a quote' });
    await mine.waitFor();

    // Active bucket: the row with an unread badge, and the count in the title.
    const row = agent.locator(`#conversation-${conversation.id}`);
    await row.getByText('Maria Lopez').waitFor();
    await row.locator('.badge-unread').waitFor();
    await agent.waitForFunction(() => document.title === '(1) Agent Console');
    const arrived = await signalsOf(agent);
    expect(arrived.badges.at(-1)).toBe(1); // app-icon badge
    expect(arrived.pings).toBeGreaterThanOrEqual(1); // Web Audio ping on assignment / message
    await agent.screenshot({ path: '/tmp/agent-new-chat.png' });

    // Opening the chat marks it read: the visitor's ticks turn green (read receipt from staff).
    await row.locator('a').click();
    await agent.locator('.message-body', { hasText: 'Hi, I would like a quote' }).waitFor();
    await mine.locator('.vp-tick-read').waitFor();
    await visitor.screenshot({ path: '/tmp/visitor-read-ticks.png' });
    await agent.waitForFunction(() => document.title === 'Agent Console');
    expect((await signalsOf(agent)).badges.at(-1)).toBe(0); // cleared at zero

    // Typing pills both ways.
    // The server takes one "started" a second per socket; the test clock stands still, so move it
    // past the visitor's typing before the message they sent.
    deps.clock.advance(TYPING_THROTTLE_MS);
    await composer.pressSequentially('Also', { delay: 5 });
    const pill = agent.locator(`#conversation-${conversation.id}-typing`);
    await pill.getByText('is typing…').waitFor();
    // Beside the visitor's name, readable (issue 13 item 18).
    await agent.getByText('Maria Lopez is typing…').waitFor();
    // The live swap puts in the pane's own pill, styled as it was rendered.
    expect(await pill.getAttribute('class')).toBe('typing-pill');
    await agent.screenshot({ path: '/tmp/agent-visitor-typing.png' });
    await agent.getByRole('textbox', { name: 'Message' }).pressSequentially('Let me check', { delay: 5 });
    await visitor.locator('#typing').waitFor({ state: 'visible' });
    await visitor.screenshot({ path: '/tmp/visitor-typing.png' });
    await composer.fill('');
    await agent.getByRole('textbox', { name: 'Message' }).fill('');

    // Reply-to: quote the visitor's message, then answer with a canned reply.
    const question = agent.locator('.message-visitor', { hasText: 'Hi, I would like a quote' });
    await question.hover();
    await question.getByRole('button', { name: 'Reply' }).click();
    await agent.locator('.composer-quote-text', { hasText: 'Hi, I would like a quote' }).waitFor();

    // Canned reply: picked into the composer, edited, sent.
    await agent.getByRole('button', { name: 'Canned replies' }).click();
    await agent.locator('.canned-item', { hasText: 'Greeting' }).click();
    expect(await agent.getByRole('textbox', { name: 'Message' }).inputValue()).toBe(
      'Hello! How can I help you today?',
    );
    await agent.getByRole('textbox', { name: 'Message' }).press('End');
    await agent.getByRole('textbox', { name: 'Message' }).pressSequentially(' Happy to quote.');
    await agent.getByRole('textbox', { name: 'Message' }).press('Enter');
    await agent
      .locator('.message-agent', { hasText: 'Hello! How can I help you today? Happy to quote.' })
      .waitFor();
    const answer = visitor.locator('.vp-msg:not(.vp-msg-mine)', {
      hasText: 'Hello! How can I help you today? Happy to quote.',
    });
    await answer.waitFor();
    // Sent as a reply: the visitor sees the quote of their own question.
    await answer.getByText('Hi, I would like a quote').waitFor();
    await visitor.waitForFunction(() => document.querySelector('#typing')?.checkVisibility() === false);
    await visitor.screenshot({ path: '/tmp/visitor-agent-reply.png' });

    // Star (server-side, per agent).
    await agent.locator(`#star-${conversation.id} button`).click();
    await agent.locator(`#star-${conversation.id} button[aria-pressed="true"]`).waitFor();
    const stars = await running.deps.db.selectFrom('stars').selectAll().execute();
    expect(stars.map((s) => [s.user_id, s.conversation_id])).toEqual([[alice.id, conversation.id]]);
    await agent.screenshot({ path: '/tmp/agent-chat-open.png' });

    // Transfer to Bob once he is back from his break: he receives it live.
    await bobPage.getByRole('button', { name: 'End break' }).click();
    await bobPage.getByRole('button', { name: 'Take a break' }).waitFor();
    // Bob looks at another tab: the assignment comes as a system notification.
    await focus.get(bobPage)?.(false);
    const elsewhere = await bobPage.context().newPage();
    await elsewhere.bringToFront();
    await agent.locator(`#conversation-${conversation.id} a`).click(); // re-open: Bob is now a target
    await agent.locator(`#transfer-${conversation.id}`).selectOption(bob.id);
    await agent.getByRole('button', { name: 'Transfer', exact: true }).click();
    await agent.getByText(/Read-only: this chat is with/).waitFor();
    await bobPage.locator(`#conversation-${conversation.id}`).getByText('Maria Lopez').waitFor();
    await bobPage.waitForFunction(
      () => (window as unknown as { signals: Signals }).signals.notifications.length > 0,
    );
    const [notice] = (await signalsOf(bobPage)).notifications;
    expect(notice).toEqual({ title: 'New chat assigned', data: { conversationId: conversation.id } });
    await bobPage.bringToFront();
    await focus.get(bobPage)?.(true);
    await bobPage.locator(`#conversation-${conversation.id} a`).click();
    await bobPage.locator('.message-body', { hasText: 'Happy to quote.' }).waitFor();
    await bobPage.screenshot({ path: '/tmp/agent-bob-after-transfer.png' });
    await agent.screenshot({ path: '/tmp/agent-alice-after-transfer.png' });
    await agent.setViewportSize({ width: 390, height: 780 });
    await agent.screenshot({ path: '/tmp/agent-phone.png' });
    await visitor.screenshot({ path: '/tmp/visitor-after-transfer.png' });

    for (const watch of watches) await watch.expectClean();
  }, 60_000);
});

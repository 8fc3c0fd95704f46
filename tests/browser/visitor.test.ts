import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdir } from 'node:fs/promises';
import { type Browser, type BrowserContext, devices, type Page } from 'playwright-core';
import { closeConversation } from '../../src/routing/lifecycle.service.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { SOCKET_BIND_PARAM } from '../../src/visitors/visitor-token.ts';
import { visitorProject } from '../http/visitor/visitor-support.ts';
import { openSocket, type TestSocket } from '../realtime/support/ws-client.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { makeMessage } from '../support/factories.ts';
import { createStaff, makeTestDeps, type TestDeps } from '../support/make-app.ts';
import { until } from '../support/until.ts';
import { solidPng } from './support/png.ts';

/**
 * The ad funnel on a phone (VIS-1..12): land from a Meta ad, fill the form, chat with an agent
 * (online over the real agent WebSocket), send an image, see the agent's reply and green ticks,
 * reload and find the conversation without the form; project tokens stay apart in one browser.
 */
describeBrowser('visitor page in Chromium on a phone', () => {
  let browser: Browser;
  let running: RunningServer;
  let deps: TestDeps;
  let context: BrowserContext;
  let agentSocket: TestSocket;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/visitor-browser-${process.pid}` } });
    await visitorProject(deps.db, { slug: 'default', is_default: 1, title: 'Acme Solar' });
    await visitorProject(deps.db, { slug: 'beta', title: 'Beta Bank', accent_color: '#7c3aed' });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
    const { defaultBrowserType: _, ...pixel } = devices['Pixel 7'] ?? {};
    context = await browser.newContext({ ...pixel });
  });
  afterAll(async () => {
    agentSocket?.close();
    await context?.close();
    await browser?.close();
    await running?.stop();
  });

  function watch(page: Page): Page {
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) pageErrors.push(m.text());
    });
    return page;
  }

  test('form → chat → image → agent reply → green ticks → reload keeps the chat', async () => {
    const agent = await createStaff(running.deps, 'agent');
    agentSocket = await openSocket(running.wsUrl, { Cookie: agent.cookie, Origin: running.url });
    const page = watch(await context.newPage());
    await page.goto(`${running.url}/p/default?utm_source=meta&utm_campaign=x`);
    await expect(page.getByRole('heading', { name: 'Acme Solar' }).isVisible()).resolves.toBe(true);
    // PWA (VIS-9): the service worker controls every project page.
    const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
    expect(scope).toBe(`${running.url}/p/`);

    // A wrong number is caught in the browser, by the same rules as the server.
    await page.getByLabel('Your name').fill('Ada Lovelace');
    // The full phone rules are not in the first load: touching the form fetches them (PERF-4).
    await page.waitForFunction(() => 'livechatPhoneRules' in window);
    await page.getByLabel('Country').selectOption('GB');
    await page.getByLabel('Phone number').fill('07700 900');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await expect(page.locator('#phone-error').textContent()).resolves.toBe(
      'This number is not valid for the chosen country.',
    );
    await page.getByLabel('Phone number').fill('07911 123456');
    await page.getByLabel(/Email/).fill('ada@example.com');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page.locator('#chat').waitFor({ state: 'visible' });
    expect(await page.locator('#contact').isHidden()).toBe(true);

    const conversation = await deps.db.selectFrom('conversations').selectAll().executeTakeFirstOrThrow();
    expect(conversation).toMatchObject({
      status: 'active',
      assignee_id: agent.id,
      visitor_phone: '+447911123456',
    });
    const touch = await deps.db.selectFrom('attributions').selectAll().executeTakeFirstOrThrow();
    expect(touch).toMatchObject({
      utm_source: 'meta',
      utm_campaign: 'x',
      device_type: 'mobile',
      os_name: 'Android',
    });
    agentSocket.send({ type: 'join', conversationId: conversation.id, afterSeq: 0 });

    // The visitor writes; the agent gets it live.
    await page
      .getByRole('textbox', { name: 'Message', exact: true })
      .fill('Hello, how much for 10 panels? https://acme.example/quote');
    await page.getByRole('textbox', { name: 'Message', exact: true }).press('Enter');
    const mine = page.locator('.vp-msg-mine', { hasText: 'Hello, how much' });
    await mine.waitFor();
    await expect(mine.locator('a').getAttribute('href')).resolves.toBe('https://acme.example/quote');
    await agentSocket.next((f) => JSON.stringify(f).includes('Hello, how much'));

    // An image with a preview first, then sent.
    await page
      .locator('#attach-input')
      .setInputFiles({ name: 'roof.png', mimeType: 'image/png', buffer: solidPng(48, 32) });
    await page.locator('#image-preview').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Send' }).click();
    const image = page.locator('.vp-msg-mine img.vp-msg-image');
    await image.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.vp-msg-mine img.vp-msg-image');
      return img?.complete === true && img.naturalWidth === 48;
    });

    // The agent reads (ticks turn green) and replies through the agent socket.
    const lastSeq = (await deps.db.selectFrom('conversations').select('last_seq').executeTakeFirstOrThrow())
      .last_seq;
    agentSocket.send({ type: 'read', conversationId: conversation.id, seq: Number(lastSeq) });
    await page.locator('.vp-msg-mine .vp-tick-read').nth(1).waitFor();
    agentSocket.send({ type: 'typing', conversationId: conversation.id, typing: true });
    await page.locator('#typing').waitFor({ state: 'visible' });
    agentSocket.send({
      type: 'send',
      conversationId: conversation.id,
      clientMessageId: 'agent-reply-1',
      body: 'Hi Ada! About £4,000 installed.',
    });
    await page.locator('.vp-msg:not(.vp-msg-mine)', { hasText: 'About £4,000' }).waitFor();
    expect(await page.locator('#typing').isHidden()).toBe(true);

    // Reply-to (VIS-6): quoted preview in the composer; the quote scrolls to and flashes the original.
    await page
      .locator('.vp-msg:not(.vp-msg-mine)', { hasText: 'About £4,000' })
      .getByRole('button', { name: 'Reply' })
      .click();
    await expect(page.locator('#reply-quote').textContent()).resolves.toBe('Hi Ada! About £4,000 installed.');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Sounds good');
    await page.getByRole('textbox', { name: 'Message', exact: true }).press('Enter');
    const reply = page.locator('.vp-msg-mine', { hasText: 'Sounds good' });
    await reply.waitFor();
    expect(await page.locator('#reply-preview').isHidden()).toBe(true);
    await reply.getByRole('button', { name: 'Show the message this replies to' }).click();
    await page.locator('.vp-msg.vp-highlight:not(.vp-msg-mine)', { hasText: 'About £4,000' }).waitFor();

    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/visitor-chat.png' });

    // Reload: no form, the same conversation with its history.
    await page.reload();
    await page.locator('.vp-msg:not(.vp-msg-mine)', { hasText: 'About £4,000' }).waitFor();
    expect(await page.locator('#contact').isHidden()).toBe(true);
    expect(await page.locator('.vp-msg-mine .vp-tick-read').count()).toBe(2);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  test("two projects in one browser: project A's chat never opens on project B", async () => {
    const page = watch(await context.newPage());
    await page.goto(`${running.url}/p/beta`);
    // Same browser, same cookies and localStorage: B still asks for details.
    await page.getByLabel('Your name').waitFor();
    expect(await page.locator('#chat').isHidden()).toBe(true);
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('Country').selectOption('GB');
    await page.getByLabel('Phone number').fill('07911 123456');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page.locator('#chat').waitFor({ state: 'visible' });
    expect(await page.locator('.vp-msg').count()).toBe(0); // none of A's messages

    const storage = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('vt_')));
    expect(storage).toHaveLength(2);
    const visitors = await deps.db
      .selectFrom('visitors')
      .select(['id', 'project_id', 'token_hash'])
      .execute();
    expect(new Set(visitors.map((v) => v.project_id)).size).toBe(2);
    expect(new Set(visitors.map((v) => v.token_hash)).size).toBe(2);

    // Back on A, A's conversation is there as it was.
    await page.goto(`${running.url}/p/default`);
    await page.locator('.vp-msg:not(.vp-msg-mine)', { hasText: 'About £4,000' }).waitFor();
    await page.screenshot({ path: 'test-results/visitor-project-a-again.png' });
    expect(pageErrors).toEqual([]);
  }, 30_000);

  test('a closed chat shows "this chat has ended"; the next message starts a fresh chat (VIS-8)', async () => {
    const page = watch(await context.newPage());
    const joined = page
      .waitForEvent('websocket')
      .then((ws) =>
        ws.waitForEvent('framereceived', { predicate: (f) => String(f.payload).includes('"joined"') }),
      );
    await page.goto(`${running.url}/p/default`);
    await page.locator('.vp-msg:not(.vp-msg-mine)', { hasText: 'About £4,000' }).waitFor();
    await joined;
    const first = await deps.db
      .selectFrom('conversations')
      .selectAll()
      .where(
        'project_id',
        '=',
        (
          await deps.db
            .selectFrom('projects')
            .select('id')
            .where('slug', '=', 'default')
            .executeTakeFirstOrThrow()
        ).id,
      )
      .executeTakeFirstOrThrow();
    const closed = await closeConversation(running.deps, {
      conversationId: first.id,
      actorId: first.assignee_id ?? '',
    });
    expect(closed.ok).toBe(true);
    await page.locator('#closed-banner').waitFor({ state: 'visible' });
    expect(await page.locator('#closed-banner').textContent()).toContain('This chat has ended');

    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('One more question');
    await page.getByRole('textbox', { name: 'Message', exact: true }).press('Enter');
    await page.locator('.vp-msg-mine', { hasText: 'One more question' }).waitFor();
    expect(await page.locator('#closed-banner').isHidden()).toBe(true);
    const chats = await deps.db
      .selectFrom('conversations')
      .select(['id', 'status', 'visitor_name', 'visitor_phone'])
      .where('visitor_id', '=', first.visitor_id)
      .orderBy('created_at')
      .execute();
    expect(chats).toHaveLength(2);
    expect(chats[1]).toMatchObject({ visitor_name: 'Ada Lovelace', visitor_phone: '+447911123456' });
    const fresh = await deps.db
      .selectFrom('messages')
      .select('conversation_id')
      .where('body', '=', 'One more question')
      .executeTakeFirstOrThrow();
    expect(fresh.conversation_id).toBe(chats[1]?.id ?? '');
    expect(pageErrors).toEqual([]);
  }, 30_000);

  test('nobody online: place in line, then the offer to leave a message (BEYOND-3)', async () => {
    agentSocket.close();
    await agentSocket.closed;
    await deps.db
      .insertInto('settings')
      .values({
        key: 'visitor_page',
        value: '{"leaveMessageAfterMs":0}',
        updated_at: '2026-11-23T10:00:00.000Z',
      })
      .execute();
    await visitorProject(deps.db, { slug: 'gamma', title: 'Gamma Gyms', accent_color: '#0d9488' });
    const page = watch(await context.newPage());
    await page.goto(`${running.url}/p/gamma`);
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByLabel('Country').selectOption('US');
    await page.getByLabel('Phone number').fill('(201) 555-0123');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page.locator('#leave-message').waitFor({ state: 'visible' });
    await expect(page.locator('#chat-status').textContent()).resolves.toMatch(
      /next in line|number \d+ in line/,
    );
    await page.screenshot({ path: 'test-results/visitor-queue.png' });

    // History (VIS-4): the last 30 at open, older ones when scrolled to the top.
    const chat = await deps.db
      .selectFrom('conversations')
      .select('id')
      .where('visitor_name', '=', 'Grace Hopper')
      .executeTakeFirstOrThrow();
    for (let seq = 1; seq <= 45; seq++) {
      const at = new Date(Date.UTC(2026, 10, 23, 10, 0, seq)).toISOString();
      await makeMessage(deps.db, {
        conversation_id: chat.id,
        seq,
        body: `history ${seq}`,
        created_at: at,
        sender_kind: 'agent',
      });
    }
    await deps.db.updateTable('conversations').set({ last_seq: 45 }).where('id', '=', chat.id).execute();
    await page.reload();
    await page.locator('.vp-msg', { hasText: 'history 45' }).waitFor();
    expect(await page.locator('.vp-msg').count()).toBe(30);
    await page.locator('#older-messages').scrollIntoViewIfNeeded();
    await page.locator('.vp-msg-text', { hasText: /^history 1$/ }).waitFor();
    expect(await page.locator('.vp-msg').count()).toBe(45);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  // PERF-7, ADR 0051: the socket opens while the form is filled in, and the start binds it.
  for (const bindLost of [false, true]) {
    test(
      bindLost
        ? 'a start whose socket key went astray still goes live, on a second socket with the token'
        : 'the socket opened while the form is filled in is the chat socket: the start binds it, no second socket',
      async () => {
        const admin = await createStaff(running.deps, 'admin');
        const adminSocket = await openSocket(running.wsUrl, { Cookie: admin.cookie, Origin: running.url });
        const { defaultBrowserType: _, ...pixel } = devices['Pixel 7'] ?? {};
        const phone = await browser.newContext({ ...pixel });
        try {
          const page = watch(await phone.newPage());
          const sockets: string[] = [];
          page.on('websocket', (ws) => sockets.push(ws.url()));
          if (bindLost) {
            await page.route('**/p/default/chat', async (route) => {
              const body = new URLSearchParams(route.request().postData() ?? '');
              body.delete(SOCKET_BIND_PARAM);
              await route.continue({ postData: body.toString() });
            });
          }
          await page.goto(`${running.url}/p/default`);
          const name = bindLost ? 'Lost Key' : 'Early Socket';
          await page.getByLabel('Your name').fill(name);
          await until(() => sockets.length === 1, 'the socket opened as the form was touched');
          expect(new URL(sockets[0] ?? '').searchParams.has(SOCKET_BIND_PARAM)).toBe(true);
          await page.getByLabel('Country').selectOption('GB');
          await page.getByLabel('Phone number').fill('07911 123456');
          await page.getByRole('button', { name: 'Start chat' }).click();
          await page.locator('#chat').waitFor({ state: 'visible' });
          const chat = await deps.db
            .selectFrom('conversations')
            .select('id')
            .where('visitor_name', '=', name)
            .executeTakeFirstOrThrow();
          // Live: a reply sent now reaches the page without a reload.
          await until(
            async () => (await deps.presence.isOnline({ kind: 'visitor', id: chat.id })) === true,
            'the visitor online in the chat',
          );
          adminSocket.send({
            type: 'send',
            conversationId: chat.id,
            clientMessageId: crypto.randomUUID(),
            body: 'Right here.',
          });
          await page.locator('.vp-msg:not(.vp-msg-mine)', { hasText: 'Right here.' }).waitFor();
          expect(sockets.length).toBe(bindLost ? 2 : 1);
          if (bindLost) expect(new URL(sockets[1] ?? '').searchParams.has('vt')).toBe(true);
          expect(pageErrors).toEqual([]);
        } finally {
          adminSocket.close();
          await phone.close();
        }
      },
    );
  }
});

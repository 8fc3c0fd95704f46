import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Browser, type BrowserContext, devices, type Locator, type Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { hashToken, randomToken } from '../../src/shared/ids.ts';
import { openVisitor } from '../realtime/support/live.ts';
import type { TestSocket } from '../realtime/support/ws-client.ts';
import { describeBrowser, type JourneyWatch, launchChromium, watchJourney } from '../support/browser.ts';
import { makeConversation, makeMessage, makeProject, makeVisitor } from '../support/factories.ts';
import { createStaff, makeTestDeps, type TestDeps, type TestStaff } from '../support/make-app.ts';
import { solidPng } from './support/png.ts';

const DATA_DIR = `/tmp/agent-pane-browser-${process.pid}`;
const MESSAGES = 45;
const minute = (n: number) => new Date(Date.parse('2026-11-23T08:00:00.000Z') + n * 60_000).toISOString();

/**
 * The agent's chat pane (AGENT-3, VIS-6, VIS-7; issue 13 item 15 and the agent parts of item 18),
 * as an agent uses it on a desktop and on a 390 px phone: a long chat with photos, reply quotes,
 * receipts and the visitor typing, all live. Every page is watched for CSP violations and console
 * errors for the whole journey.
 */
describeBrowser('agent chat pane in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;
  let deps: TestDeps;
  const watches: JourneyWatch[] = [];

  beforeAll(async () => {
    deps = await makeTestDeps({ env: { DATA_DIR } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  /** Priya's chat: 45 messages (30 on the first page), two large photos near the end, two replies. */
  async function seedChat(agent: TestStaff) {
    const project = await makeProject(deps.db);
    const token = randomToken();
    const visitor = await makeVisitor(deps.db, { project_id: project.id, token_hash: hashToken(token) });
    const chat = await makeConversation(deps.db, {
      project_id: project.id,
      visitor_id: visitor.id,
      status: 'active',
      assignee_id: agent.id,
      visitor_name: 'Priya Shah',
      visitor_phone: '+12015550102',
      last_seq: MESSAGES,
      last_message_at: minute(MESSAGES),
      last_message_preview: 'Here is the roof from the street',
    });
    const photo = async (seq: number, width: number, height: number) => {
      const id = deps.ids.next();
      const key = `uploads/${id.slice(0, 6)}/${id}.png`;
      const bytes = solidPng(width, height, seq % 2 ? [14, 116, 144] : [234, 88, 12]);
      await mkdir(dirname(join(DATA_DIR, key)), { recursive: true });
      await Bun.write(join(DATA_DIR, key), bytes);
      await deps.db
        .insertInto('attachments')
        .values({
          id,
          conversation_id: chat.id,
          uploader_kind: 'visitor',
          storage_key: key,
          content_type: 'image/png',
          byte_size: bytes.byteLength,
          width,
          height,
          sha256: 'x'.repeat(64),
          original_name: `photo-${seq}.png`,
          created_at: minute(seq),
        })
        .execute();
      return id;
    };
    const ids = new Map<number, string>();
    for (let seq = 1; seq <= MESSAGES; seq++) {
      const fromVisitor = seq % 2 === 1;
      const row = await makeMessage(deps.db, {
        conversation_id: chat.id,
        seq,
        sender_kind: fromVisitor ? 'visitor' : 'agent',
        sender_user_id: fromVisitor ? null : agent.id,
        body:
          seq === 5
            ? 'Do you also install batteries?'
            : seq === 38
              ? 'The south side gets sun all day'
              : `Message ${seq} about the solar quote`,
        created_at: minute(seq),
        attachment_id:
          seq === 41 ? await photo(41, 1600, 1200) : seq === 43 ? await photo(43, 900, 1600) : null,
        reply_to_id: seq === 44 ? (ids.get(38) ?? null) : seq === 45 ? (ids.get(5) ?? null) : null,
      });
      ids.set(seq, row.id);
    }
    await deps.db
      .updateTable('messages')
      .set({ body: 'Here is the roof from the street' })
      .where('id', '=', ids.get(45) ?? '')
      .execute();
    return { chat, token, projectId: project.id, ids };
  }

  async function consoleFor(agent: TestStaff, context: BrowserContext): Promise<Page> {
    const [name = 'sid', value = ''] = agent.cookie.split('=');
    await context.addCookies([{ name, value, url: running.url }]);
    const page = await context.newPage();
    await page.goto(`${running.url}/agent`);
    await page.waitForSelector('html[data-realtime="open"]');
    return page;
  }

  async function watched(options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
    const context = await browser.newContext(options);
    watches.push(await watchJourney(context));
    return context;
  }

  /** The chat's message list: the element that scrolls them. */
  const scroller = (page: Page) => page.locator('[data-chat-scroll]');

  const allImagesLoaded = (page: Page) =>
    page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[data-chat-scroll] img')].every(
        (img) => img.complete && img.naturalWidth > 0,
      ),
    );

  /** How far the list is from its end, and whether the document itself ever scrolled. */
  const geometry = (page: Page) =>
    page.evaluate(() => {
      const list = document.querySelector<HTMLElement>('[data-chat-scroll]');
      const doc = document.scrollingElement ?? document.documentElement;
      return {
        fromBottom: list ? Math.round(list.scrollHeight - list.scrollTop - list.clientHeight) : -1,
        documentScrolls: doc.scrollHeight > doc.clientHeight + 1,
        documentScrollTop: doc.scrollTop,
      };
    });

  /** Waits until the message is fully inside the list's visible box (a smooth scroll takes a moment). */
  const comesIntoView = (page: Page, id: string) =>
    page.waitForFunction((domId) => {
      const el = document.getElementById(domId);
      const list = el?.closest<HTMLElement>('[data-chat-scroll]');
      if (!el || !list) return false;
      const box = el.getBoundingClientRect();
      const frame = list.getBoundingClientRect();
      return box.top >= frame.top && box.bottom <= frame.bottom;
    }, `message-${id}`);

  /** A quote's original is highlighted and comes into view, and the document stays where it is. */
  async function jumpedTo(page: Page, id: string) {
    await page.waitForFunction(
      (domId) => document.getElementById(domId)?.classList.contains('is-highlighted') === true,
      `message-${id}`,
    );
    await comesIntoView(page, id);
    expect((await geometry(page)).documentScrollTop).toBe(0);
  }

  /** Whether `target` is fully inside the message list's visible box, below its top edge. */
  const inView = (target: Locator) =>
    target.evaluate((el) => {
      const list = el.closest<HTMLElement>('[data-chat-scroll]');
      if (!list) return false;
      const box = el.getBoundingClientRect();
      const frame = list.getBoundingClientRect();
      return box.top >= frame.top && box.bottom <= frame.bottom;
    });

  test('desktop: app layout, opens at the newest message with photos, quote jumps, live ticks and typing', async () => {
    const agent = await createStaff(deps, 'agent');
    const { chat, token, projectId, ids } = await seedChat(agent);
    const context = await watched({ viewport: { width: 1280, height: 800 } });
    const page = await consoleFor(agent, context);

    await page.getByRole('link', { name: /Priya Shah/ }).click();
    const pane = page.getByRole('region', { name: 'Conversation' });
    await pane.getByRole('heading', { name: 'Priya Shah' }).waitFor();
    await allImagesLoaded(page);
    // The newest message is in view once the photos are in: they had their size reserved.
    await page.waitForFunction(() => document.querySelector('[data-chat-scroll]') !== null);
    expect(await geometry(page)).toEqual({ fromBottom: 0, documentScrolls: false, documentScrollTop: 0 });
    expect(await inView(pane.getByText('Here is the roof from the street'))).toBe(true);
    const photos = pane.getByRole('link', { name: /Sent by Priya Shah, opens full size/ });
    expect(await photos.count()).toBe(2);
    await page.screenshot({ path: '/tmp/agent-pane-desktop-images.png' });

    // Visitor bubbles carry the visitor's name.
    const visitorBubble = pane.locator(`#message-${ids.get(45)}`);
    expect(await visitorBubble.locator('.message-sender').textContent()).toBe('Priya Shah');

    // The inbox and the chat scroll apart: scrolling the chat never moves the page or the inbox.
    await scroller(page).hover();
    await page.mouse.wheel(0, -600);
    await page.waitForFunction(() => {
      const list = document.querySelector<HTMLElement>('[data-chat-scroll]');
      return list !== null && list.scrollHeight - list.scrollTop - list.clientHeight > 300;
    });
    expect((await geometry(page)).documentScrollTop).toBe(0);
    await page
      .getByRole('region', { name: 'Conversation' })
      .getByRole('heading', { name: 'Priya Shah' })
      .waitFor();
    await scroller(page).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));

    // A reply quote scrolls the list (not the document) to the original, below the header, highlighted.
    const original = pane.locator(`#message-${ids.get(38)}`);
    expect(await inView(original)).toBe(false);
    await pane
      .getByRole('button', { name: /Show the quoted message: The south side gets sun all day/ })
      .click();
    await jumpedTo(page, ids.get(38) ?? '');
    expect(await pane.getByRole('heading', { name: 'Priya Shah' }).isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/agent-pane-quote-jump.png' });

    // A quote of a message older than the loaded page loads what is needed, then shows it.
    await scroller(page).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await pane
      .getByRole('button', { name: /Show the quoted message: Do you also install batteries\?/ })
      .click();
    const older = pane.locator(`#message-${ids.get(5)}`);
    await older.waitFor();
    await jumpedTo(page, ids.get(5) ?? '');

    // Live receipts: the visitor reads up to the agent's last message; its tick now says Read.
    const visitor: TestSocket = await openVisitor(running, projectId, token);
    visitor.send({ type: 'join', conversationId: chat.id, afterSeq: MESSAGES });
    await visitor.next((f) => f.type === 'joined');
    const lastAgentBubble = pane.locator(`#message-${ids.get(44)}`);
    expect(await lastAgentBubble.getByRole('img', { name: 'Delivered' }).count()).toBe(0);
    visitor.send({ type: 'read', conversationId: chat.id, seq: 44 });
    await lastAgentBubble.getByRole('img', { name: 'Read' }).waitFor();
    expect(await lastAgentBubble.getByRole('img', { name: 'Sent' }).count()).toBe(0);

    // The visitor types: a readable pill with their name.
    deps.clock.advance(5_000);
    visitor.send({ type: 'typing', conversationId: chat.id, typing: true });
    const typing = pane.getByText('Priya Shah is typing…');
    await typing.waitFor();
    const pill = await pane.locator('.typing-indicator').evaluate((el) => {
      const style = getComputedStyle(el);
      return {
        fontSize: Number.parseFloat(style.fontSize),
        color: style.color,
        background: style.backgroundColor,
      };
    });
    expect(pill.fontSize).toBeGreaterThanOrEqual(13);
    expect(contrastRatio(pill.color, pill.background)).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: '/tmp/agent-pane-desktop.png' });
    visitor.close();

    // Unassigned (ROUTE-1): the visitor waiting now above the one who left, under its divider.
    await makeConversation(deps.db, {
      status: 'offline',
      visitor_name: 'Leo Left',
      last_message_at: minute(90),
    });
    await makeConversation(deps.db, { visitor_name: 'Wanda Waiting', last_message_at: minute(60) });
    await page.getByRole('link', { name: /Unassigned/ }).click();
    const rows = page.getByRole('list', { name: 'Unassigned chats' });
    await rows.getByText('Wanda Waiting').waitFor();
    expect(await rows.locator('.bucket-row-name, .bucket-divider-title').allTextContents()).toEqual([
      'Wanda Waiting',
      'Visitor left',
      'Leo Left',
    ]);
    await page.screenshot({ path: '/tmp/agent-unassigned.png' });

    for (const watch of watches) await watch.expectClean();
  }, 90_000);

  test('390 px phone: list and chat are two screens with a way back; the header stays one row', async () => {
    const agent = await createStaff(deps, 'agent');
    const { ids } = await seedChat(agent);
    const { defaultBrowserType: _, ...iphone } = devices['iPhone 13'] ?? {};
    const context = await watched({ ...iphone, viewport: { width: 390, height: 844 } });
    const page = await consoleFor(agent, context);

    const header = await page.locator('.shell-header').boundingBox();
    expect(header?.height).toBeLessThanOrEqual(64);
    const list = page.getByRole('complementary', { name: 'Chats' });
    const pane = page.getByRole('region', { name: 'Conversation' });
    expect(await list.isVisible()).toBe(true);
    expect(await pane.isVisible()).toBe(false);
    await page.screenshot({ path: '/tmp/agent-phone-list.png' });

    await page.getByRole('link', { name: /Priya Shah/ }).tap();
    await pane.getByRole('heading', { name: 'Priya Shah' }).waitFor();
    expect(await list.isVisible()).toBe(false);
    await allImagesLoaded(page);
    expect(await geometry(page)).toEqual({ fromBottom: 0, documentScrolls: false, documentScrollTop: 0 });
    // Most of the screen is the conversation.
    const messages = await scroller(page).boundingBox();
    expect(messages?.height).toBeGreaterThan(844 * 0.5);
    expect((await page.locator('.shell-header').boundingBox())?.height).toBeLessThanOrEqual(64);
    await page.screenshot({ path: '/tmp/agent-phone-chat.png' });

    await pane
      .getByRole('button', { name: /Show the quoted message: The south side gets sun all day/ })
      .tap();
    await jumpedTo(page, ids.get(38) ?? '');

    await pane.getByRole('button', { name: 'Back to chats' }).tap();
    await list.waitFor();
    expect(await pane.isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: /Priya Shah/ }).isVisible()).toBe(true);

    for (const watch of watches) await watch.expectClean();
  }, 90_000);
});

/** WCAG contrast of two computed `rgb(...)` colours (an `rgba(0, 0, 0, 0)` background is white). */
function contrastRatio(foreground: string, background: string): number {
  const channels = (css: string) => {
    const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
    return a === 0 ? [255, 255, 255] : [r, g, b];
  };
  const luminance = (css: string) => {
    const [r = 0, g = 0, b = 0] = channels(css).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

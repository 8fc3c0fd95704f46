import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { makeConversation, makeMessage, makeProject, makeVisitor } from '../support/factories.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';
import { watchContext } from './support/watch-page.ts';

/**
 * The admin chat modal used as a person uses it (ADMIN-2, SEC-3, SEC-5), on a desktop and on a
 * 390 px phone: open a chat from the table, page back through its history, reply, set the stage,
 * try to block without a reason (the error stays in view), block with one, close the dialog and
 * open another chat. The whole journey must raise no CSP violation and no console error.
 */
describeBrowser('admin chat modal in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;

  beforeAll(async () => {
    const deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/admin-modal-${process.pid}` } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  /** Drags a textarea's resize grip, as someone making room for a longer reply does. */
  async function dragTaller(page: Page, box: { x: number; y: number; width: number; height: number } | null) {
    if (!box) throw new Error('the textarea is not on screen');
    const grip = { x: box.x + box.width - 3, y: box.y + box.height - 3 };
    await page.mouse.move(grip.x, grip.y);
    await page.mouse.down();
    await page.mouse.move(grip.x, grip.y + 80, { steps: 4 });
    await page.mouse.up();
  }

  async function seedChats(tag: string, subnet: number) {
    const { db } = running.deps;
    const project = await makeProject(db, { name: `Internal ${tag}`, title: `Deals ${tag}` });
    const chats = [];
    for (const [i, name] of [`Vera ${tag}`, `Walt ${tag}`].entries()) {
      const visitor = await makeVisitor(db, {
        project_id: project.id,
        first_ip: `198.51.${subnet}.${i + 20}`,
      });
      const chat = await makeConversation(db, {
        project_id: project.id,
        visitor_id: visitor.id,
        visitor_name: name,
        visitor_phone: '+12015550102',
        last_seq: 35,
      });
      for (let seq = 1; seq <= 35; seq++) {
        const at = new Date(Date.UTC(2026, 10, 23, 9, 0, seq)).toISOString();
        await makeMessage(db, {
          conversation_id: chat.id,
          seq,
          body: `${name} message ${seq}`,
          created_at: at,
        });
      }
      chats.push(chat);
    }
    return chats;
  }

  async function journey(page: Page, tag: string, subnet: number, touch: boolean) {
    const [vera] = await seedChats(tag, subnet);
    if (!vera) throw new Error('no chat seeded');
    await page.goto(`${running.url}/admin/chats`);
    await page.getByRole('link', { name: `Open chat with Vera ${tag}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat' });
    await dialog.getByRole('heading', { name: `Vera ${tag}` }).waitFor();
    await dialog.getByText(`Vera ${tag} message 35`).waitFor();

    await dialog.getByRole('button', { name: 'Show older messages' }).click();
    await dialog.getByText(`Vera ${tag} message 1`, { exact: true }).waitFor();

    const reply = dialog.getByLabel('Reply as admin');
    if (!touch) {
      // The browser keeps the new size as an inline style, which every later swap must not copy.
      await dragTaller(page, await reply.boundingBox());
      expect(await reply.getAttribute('style')).toMatch(/height/);
    }
    await reply.fill('Hello from the team');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.getByText('Sent.').waitFor();

    await dialog.getByLabel('Lead stage').selectOption({ label: 'Qualified' });
    await dialog.getByRole('button', { name: 'Save stage' }).click();
    await dialog.getByText('Lead stage saved.').waitFor();

    // A block without a reason: the section stays open and its error is in view.
    await dialog.getByText(`Block visitor (198.51.${subnet}.20)`).click();
    await dialog.getByRole('button', { name: 'Block and close chat' }).click();
    const reasonError = dialog.getByText('Give a reason for the block.');
    await reasonError.waitFor();
    expect(await reasonError.isVisible()).toBe(true);
    const reason = dialog.getByLabel('Reason');
    expect(await reason.isVisible()).toBe(true);
    await reason.fill('Abusive messages');
    await dialog.getByRole('button', { name: 'Block and close chat' }).click();
    await dialog.getByText(`Blocked 198.51.${subnet}.20; the chat is closed.`).waitFor();

    await dialog.getByRole('button', { name: 'Close dialog' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: `Open chat with Walt ${tag}` }).click();
    await dialog.getByRole('heading', { name: `Walt ${tag}` }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  }

  for (const [label, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['390 px phone', { width: 390, height: 844 }],
  ] as const) {
    test(`${label}: the whole modal journey raises no CSP violation and no console error`, async () => {
      const admin = await createStaff(running.deps, 'admin');
      const context = await browser.newContext({
        viewport,
        hasTouch: viewport.width < 500,
        isMobile: viewport.width < 500,
      });
      await context.addCookies([{ name: 'sid', value: admin.cookie.slice(4), url: running.url }]);
      const problems: string[] = [];
      await watchContext(context, problems, 'admin');
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const phone = viewport.width < 500;
      await journey(page, label.replace(/\W+/g, ''), phone ? 101 : 102, phone);
      await page.screenshot({ path: `/tmp/admin-modal-${viewport.width}.png` });
      expect(problems).toEqual([]);
      await context.close();
    }, 60_000);
  }
});

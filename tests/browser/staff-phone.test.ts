import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { blockIp } from '../../src/security/ip-blocks.service.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { consoleNav } from '../../views/layouts/app-shell.tsx';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { makeConversation, makeMessage, makeProject } from '../support/factories.ts';
import { createStaff, makeTestDeps, type TestStaff } from '../support/make-app.ts';
import { watchContext } from './support/watch-page.ts';

/**
 * Issue 13 item 14: every admin and manager page is usable on a 390 px phone (and still right on a
 * desktop), walked as a person walks it: the console menu reaches every page, the chats list keeps
 * agent, stage and last message, the dashboard's dates are readable, the project editor's preview
 * is one tap away. Screenshots of every page at both widths land in /tmp/staff-pages/ to look at.
 */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const SHOTS = '/tmp/staff-pages';

describeBrowser('staff consoles on a phone and a desktop', () => {
  let browser: Browser;
  let running: RunningServer;
  let admin: TestStaff;
  let manager: TestStaff;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/staff-phone-${process.pid}` } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
    admin = await createStaff(deps, 'admin');
    manager = await createStaff(deps, 'manager');
    const agent = await createStaff(deps, 'agent', { activeLimit: 4 });
    await deps.db
      .updateTable('users')
      .set({ display_name: 'Priya Raman' })
      .where('id', '=', agent.id)
      .execute();
    const project = await makeProject(deps.db, {
      name: 'Internal: winter ads',
      title: 'Winter deals',
      slug: 'winter',
    });
    ids.project = project.id;
    ids.agent = agent.id;
    for (let i = 0; i < 12; i++) {
      const held = i % 3 === 0;
      const chat = await makeConversation(deps.db, {
        project_id: project.id,
        visitor_name: i === 0 ? 'Vera Lindqvist' : `Visitor ${i}`,
        visitor_phone: '+12015550102',
        status: held ? 'active' : 'unassigned',
        assignee_id: held ? agent.id : null,
        lead_stage: i === 0 ? 'qualified' : 'new',
        last_seq: 1,
        last_message_preview: i === 0 ? 'Do you deliver to Malmö before Christmas?' : 'Hello there',
      });
      await makeMessage(deps.db, {
        conversation_id: chat.id,
        seq: 1,
        body: 'Do you deliver to Malmö before Christmas?',
      });
      if (i === 0) ids.chat = chat.id;
    }
    await blockIp(deps, {
      ip: '198.51.100.23',
      reason: 'Spam links in every message',
      operatorId: admin.id,
      operatorIp: '192.0.2.1',
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function signedIn(staff: TestStaff, viewport: { width: number; height: number }, problems: string[]) {
    const phone = viewport.width < 500;
    const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
    await context.addCookies([{ name: 'sid', value: staff.cookie.slice('sid='.length), url: running.url }]);
    await watchContext(context, problems, staff.role);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return { context, page };
  }

  /** Whether assistive technology hears the Menu button as expanded (Chromium's accessibility tree). */
  async function menuExpanded(page: Page): Promise<boolean> {
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: Array<{
        role?: { value?: string };
        name?: { value?: string };
        properties?: Array<{ name: string; value: { value?: unknown } }>;
      }>;
    };
    await cdp.detach();
    const button = nodes.find((n) => n.role?.value === 'button' && n.name?.value === 'Menu');
    return button?.properties?.find((p) => p.name === 'expanded')?.value.value === true;
  }

  /** Nothing wider than the screen: no sideways scrolling to reach part of the page. */
  const overflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  for (const role of ['admin', 'manager'] as const) {
    test(`${role} on a phone: the Menu button opens every console page`, async () => {
      const problems: string[] = [];
      const { context, page } = await signedIn(role === 'admin' ? admin : manager, PHONE, problems);
      await page.goto(`${running.url}/${role}`);
      const menu = page.getByRole('button', { name: 'Menu' });
      expect(await menu.isVisible()).toBe(true);
      expect(await menuExpanded(page)).toBe(false);
      const nav = page.getByRole('navigation', { name: 'Console' });
      for (const item of consoleNav[role].slice(1)) {
        await menu.click();
        expect(await menuExpanded(page)).toBe(true);
        const link = nav.getByRole('link', { name: item.label, exact: true });
        expect(await link.isVisible()).toBe(true);
        await link.click();
        await page.waitForURL(`${running.url}${item.href}`);
        // The menu closed, and the page says where we are.
        expect(await nav.getByRole('link', { name: item.label, exact: true }).isVisible()).toBe(false);
        expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
      }
      // Escape closes an open menu; sign out sits in it too.
      await menu.click();
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);
      await page.screenshot({ path: `${SHOTS}/${role}-390-menu-closed.png` });
      await menu.click();
      await page.screenshot({ path: `${SHOTS}/${role}-390-menu-open.png` });
      expect(problems).toEqual([]);
      await context.close();
    }, 60_000);
  }

  test('phone: each chat in the list shows its agent, stage, project and last message', async () => {
    const problems: string[] = [];
    const { context, page } = await signedIn(admin, PHONE, problems);
    await page.goto(`${running.url}/admin/chats`);
    const row = page.locator(`#chat-row-${ids.chat}`);
    for (const text of [
      'Vera Lindqvist',
      'Priya Raman',
      'Qualified',
      'Winter deals',
      'Do you deliver to Malmö before Christmas?',
    ]) {
      expect({ text, visible: await row.getByText(text).first().isVisible() }).toEqual({
        text,
        visible: true,
      });
    }
    expect(await overflow(page)).toBe(0);
    // The chat opens from its card, and the dialog fits the phone.
    await row.getByRole('link', { name: 'Open chat with Vera Lindqvist' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat' });
    await dialog.getByRole('heading', { name: 'Vera Lindqvist' }).waitFor();
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    await page.screenshot({ path: `${SHOTS}/admin-390-chat-dialog.png` });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  test('phone: the dashboard date range is readable in full', async () => {
    const problems: string[] = [];
    const { context, page } = await signedIn(admin, PHONE, problems);
    await page.goto(`${running.url}/admin`);
    for (const label of ['From', 'To']) {
      const input = page.getByLabel(label);
      // A date input narrower than its own text shows "mm/dd/yyy" and hides the picker icon.
      const fits = await input.evaluate((el) => el.getBoundingClientRect().width >= 150);
      expect({ label, fits }).toEqual({ label, fits: true });
    }
    await page.getByLabel('From').fill('2026-11-01');
    await page.getByLabel('To').fill('2026-11-30');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/from=2026-11-01/);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  test('the project editor: beside the form on a desktop, one tap away on a phone', async () => {
    const problems: string[] = [];
    const desk = await signedIn(admin, DESKTOP, problems);
    await desk.page.goto(`${running.url}/admin/projects/${ids.project}`);
    const form = await desk.page.locator('#project-form').boundingBox();
    const aside = await desk.page.getByRole('complementary', { name: 'Live preview' }).boundingBox();
    expect(form && aside && aside.x >= form.x + form.width && Math.abs(aside.y - form.y) < 40).toBe(true);
    await desk.context.close();

    const { context, page } = await signedIn(admin, PHONE, problems);
    await page.goto(`${running.url}/admin/projects/${ids.project}`);
    await page.getByLabel('Page title').fill('Winter deals, all week');
    const show = page.getByRole('button', { name: 'Preview' });
    expect(await show.isVisible()).toBe(true);
    await show.click();
    const preview = page.getByRole('complementary', { name: 'Live preview' });
    await preview.getByText('Winter deals, all week').waitFor();
    const box = await preview.boundingBox();
    expect(box && box.y >= 0 && box.y + Math.min(box.height, 200) <= PHONE.height).toBe(true);
    await page.screenshot({ path: `${SHOTS}/admin-390-project-preview.png` });
    await preview.getByRole('button', { name: 'Close preview' }).click();
    expect(await preview.isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  const pages = () =>
    [
      ['admin', '/admin'],
      ['admin', '/admin/chats'],
      ['admin', `/admin/chats/${ids.chat}`],
      ['admin', '/admin/agents'],
      ['admin', '/admin/agents/new'],
      ['admin', `/admin/agents/${ids.agent}`],
      ['admin', '/admin/staff'],
      ['admin', '/admin/staff/new'],
      ['admin', `/admin/staff/${manager.id}`],
      ['admin', '/admin/projects'],
      ['admin', '/admin/projects/new'],
      ['admin', `/admin/projects/${ids.project}`],
      ['admin', '/admin/tags'],
      ['admin', '/admin/settings'],
      ['admin', '/admin/blocks'],
      ['admin', '/admin/blocks?state=history'],
      ['manager', '/manager'],
      ['manager', '/manager/chats'],
      ['manager', '/manager/agents'],
      ['manager', '/manager/staff'],
      ['manager', '/manager/blocks'],
    ] as const;

  for (const [label, viewport] of [
    ['390 px phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    test(`${label}: every admin and manager page fits the screen, with no CSP violation or console error`, async () => {
      const problems: string[] = [];
      const contexts: Record<string, { context: BrowserContext; page: Page }> = {
        admin: await signedIn(admin, viewport, problems),
        manager: await signedIn(manager, viewport, problems),
      };
      const wide: string[] = [];
      for (const [role, path] of pages()) {
        const tab = contexts[role];
        if (!tab) throw new Error(role);
        const res = await tab.page.goto(`${running.url}${path}`);
        expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
        const extra = await overflow(tab.page);
        if (extra > 0) wide.push(`${path} is ${extra}px wider than the screen`);
        // A date input under ~150 px cuts its own "mm/dd/yyyy" and picker.
        const narrowDates = await tab.page.$$eval('input[type="date"]', (inputs) =>
          inputs.filter((i) => i.getBoundingClientRect().width < 150).map((i) => i.id),
        );
        if (narrowDates.length > 0) wide.push(`${path}: date inputs cut short: ${narrowDates.join(', ')}`);
        const name = path
          .replace(/[0-9A-Z]{26}/g, 'one')
          .replace(/[^a-z0-9]+/gi, '-')
          .replace(/^-|-$/g, '');
        await tab.page.screenshot({ path: `${SHOTS}/${viewport.width}-${name}.png`, fullPage: true });
      }
      expect(wide).toEqual([]);
      expect(problems).toEqual([]);
      for (const { context } of Object.values(contexts)) await context.close();
    }, 120_000);
  }
});

import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AD_LINK_PRESETS, adLinkUrl } from '../../src/projects/ad-links.ts';
import { findProjectBySlug } from '../../src/projects/projects.queries.ts';
import { qrPng } from '../../src/projects/qr-code.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { makeProject } from '../support/factories.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/**
 * The project page's widget part as an admin uses it (PROJ-3, BEYOND-9, WID-3): the bubble preview
 * follows the corner and the accent being edited, the widget settings save on their own, the
 * ad-link builder fills Meta's macros, copies the link and downloads its QR code; on a desktop and
 * on a 390 px phone, with zero CSP violations.
 */
describeBrowser('project page widget sections in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;
  const problems: string[] = [];

  beforeAll(async () => {
    const deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/project-widget-${process.pid}` } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function adminPage(viewport: {
    width: number;
    height: number;
  }): Promise<{ page: Page; context: BrowserContext }> {
    const admin = await createStaff(running.deps, 'admin');
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.url });
    await context.addCookies([{ name: 'sid', value: admin.cookie.slice('sid='.length), url: running.url }]);
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    return { page, context };
  }

  test('preview, save, ad link with Meta macros, copy and QR download on a desktop', async () => {
    const project = await makeProject(running.deps.db, {
      slug: 'spring',
      title: 'Spring',
      accent_color: '#2563eb',
    });
    const { page, context } = await adminPage({ width: 1280, height: 900 });
    await page.goto(`${running.url}/admin/projects/${project.id}`);
    const section = page.locator('#widget-settings');
    const bubble = section.locator('.bubble-preview-bubble');
    const corner = async () => {
      const [frame, dot] = await Promise.all([
        section.locator('.bubble-preview-page').boundingBox(),
        bubble.boundingBox(),
      ]);
      return (dot?.x ?? 0) - (frame?.x ?? 0) < (frame?.width ?? 0) / 2 ? 'left' : 'right';
    };
    expect(await corner()).toBe('right');
    await section.getByLabel('Bubble position').selectOption('bottom-left');
    expect(await corner()).toBe('left');
    // The accent being edited in the main form colours the preview at once.
    await page.getByLabel('Accent colour').fill('#16a34a');
    await page.waitForFunction(
      () =>
        getComputedStyle(document.querySelector('.bubble-preview-bubble') as Element).backgroundColor ===
        'rgb(22, 163, 74)',
    );
    await section.getByLabel('Open the chat as a popup').check();
    await section.getByLabel(/Popup delay/).fill('15');
    await section.getByRole('button', { name: 'Save widget settings' }).click();
    await page.getByText('Saved. Sites with the widget pick it up within 30 seconds.').waitFor();
    expect(await findProjectBySlug(running.deps.db, 'spring')).toMatchObject({
      widget_position: 'bottom-left',
      popup_enabled: 1,
      popup_delay_seconds: 15,
    });

    const builder = page.locator('#ad-links');
    await builder.getByLabel('Preset').selectOption('meta');
    const meta = AD_LINK_PRESETS.find((preset) => preset.id === 'meta');
    const expected = adLinkUrl(running.url, 'spring', meta?.values ?? {});
    await builder.locator('#ad-link-url').getByText(expected).waitFor();
    await expect(builder.getByText(meta?.note ?? '').count()).resolves.toBe(1);
    await builder
      .locator('.snippet', { has: page.getByRole('heading', { name: 'Link' }) })
      .getByRole('button', { name: 'Copy' })
      .click();
    await builder.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      builder.getByRole('button', { name: 'Download QR code (PNG)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('spring-qr.png');
    const png = new Uint8Array(await readFile((await download.path()) ?? ''));
    expect(png).toEqual(await qrPng(expected));
    await page.screenshot({ path: 'test-results/project-widget-desktop.png', fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 30_000);

  test('on a 390 px phone the sections fit the screen and the SVG download works', async () => {
    const project = await makeProject(running.deps.db, { slug: 'phone-brand', title: 'Phone brand' });
    const { page, context } = await adminPage({ width: 390, height: 844 });
    await page.goto(`${running.url}/admin/projects/${project.id}`);
    for (const id of ['#widget-settings', '#embed-codes', '#ad-links']) {
      const box = await page.locator(id).boundingBox();
      expect({ id, fits: (box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390 }).toEqual({
        id,
        fits: true,
      });
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.locator('#ad-links').getByLabel('Preset').selectOption('google');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download QR code (SVG)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('phone-brand-qr.svg');
    expect(await readFile((await download.path()) ?? '', 'utf8')).toStartWith('<svg');
    await page.locator('#widget-settings').screenshot({ path: 'test-results/project-widget-phone.png' });
    await page.locator('#ad-links').screenshot({ path: 'test-results/project-ad-links-phone.png' });
    expect(problems).toEqual([]);
    await context.close();
  }, 30_000);
  test('the web-form leads section loads into the project page and saves its stage and owner', async () => {
    const project = await makeProject(running.deps.db, { slug: 'web-form', title: 'Web form' });
    const agent = await createStaff(running.deps, 'agent', { crm: true });
    const { page, context } = await adminPage({ width: 1280, height: 900 });
    await page.goto(`${running.url}/admin/projects/${project.id}`);
    const section = page.getByRole('form', { name: 'Web-form leads' });
    await section.getByLabel('Stage of new web-form leads').selectOption({ label: 'Qualified' });
    await section.getByLabel('Owner of new web-form leads').selectOption(agent.id);
    await section.getByRole('button', { name: 'Save web-form lead settings' }).click();
    await page.getByRole('form', { name: 'Web-form leads' }).getByText('Saved.').waitFor();
    const saved = await running.deps.db
      .selectFrom('projects')
      .select(['web_lead_stage', 'web_lead_owner_id'])
      .where('id', '=', project.id)
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ web_lead_stage: 'qualified', web_lead_owner_id: agent.id });
    expect(problems).toEqual([]);
    await context.close();
  }, 30_000);
});

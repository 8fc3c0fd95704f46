import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser } from 'playwright-core';
import { createApp } from '../../src/app.tsx';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { createStaff, makeTestDeps, TEST_PASSWORD } from '../support/make-app.ts';

describeBrowser('staff sign-in in Chromium', () => {
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

  test('a manager signs in with the keyboard-labelled form, lands on their console, signs out', async () => {
    const manager = await createStaff(deps, 'manager');
    const page = await browser.newPage({ viewport: { width: 390, height: 760 } });
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    const base = `http://127.0.0.1:${server.port}`;
    await page.goto(`${base}/manager`);
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.getByLabel('Email').fill(manager.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('That email and password do not match.');

    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/manager`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    await page.screenshot({ path: '/tmp/browser-manager-console.png' });

    // On a phone, Sign out sits in the console menu with the pages.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/login`);
    expect(cspErrors).toEqual([]);
  });
});

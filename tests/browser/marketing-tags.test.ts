import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser } from 'playwright-core';
import { createApp } from '../../src/app.tsx';
import { saveMarketingTags } from '../../src/settings/marketing-tags.service.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/** ADR 0006 in a real browser: the admin's tag runs under the strict CSP, nothing else inline does. */
describeBrowser('marketing tags under the strict CSP in Chromium', () => {
  let browser: Browser;
  let server: ReturnType<typeof Bun.serve>;
  let tagHost: ReturnType<typeof Bun.serve>;
  let deps: Awaited<ReturnType<typeof makeTestDeps>>;

  beforeAll(async () => {
    deps = await makeTestDeps();
    server = Bun.serve({ port: 0, fetch: createApp(deps).fetch });
    // A stand-in for a tag vendor on another origin (loopback only).
    tagHost = Bun.serve({
      port: 0,
      fetch: () =>
        new Response('document.documentElement.dataset.vendor = "loaded";', {
          headers: { 'Content-Type': 'text/javascript' },
        }),
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.stop(true);
    tagHost?.stop(true);
  });

  test('the tag and its vendor script run on login and console pages; a non-tag inline script is blocked', async () => {
    const vendor = `http://127.0.0.1:${tagHost.port}`;
    const admin = await createStaff(deps, 'admin');
    await saveMarketingTags(deps, admin.id, {
      head: `<script>document.documentElement.dataset.tag = "ran";</script><script src="${vendor}/tag.js"></script>`,
      body: '<noscript>tags need JavaScript</noscript>',
      origins: [vendor],
    });
    const base = `http://127.0.0.1:${server.port}`;
    const context = await browser.newContext();
    await context.addCookies([{ name: 'sid', value: admin.cookie.slice(4), url: base }]);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });

    for (const path of ['/login', '/admin/agents']) {
      await page.goto(`${base}${path}`);
      await page.waitForFunction(() => document.documentElement.dataset.vendor === 'loaded');
      expect(await page.evaluate(() => document.documentElement.dataset.tag)).toBe('ran');
    }
    expect(violations).toEqual([]);

    // Script injected without the nonce (as an XSS would be) must not run.
    const refused = page.waitForEvent('console', (m) => /Content Security Policy/i.test(m.text()));
    await page.evaluate(() => {
      const rogue = document.createElement('script');
      rogue.textContent = 'document.documentElement.dataset.rogue = "ran";';
      document.head.append(rogue);
    });
    await refused;
    expect(await page.evaluate(() => document.documentElement.dataset.rogue)).toBeUndefined();
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.join('\n')).toContain('script-src');
    await context.close();
  }, 20_000);
});

import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/**
 * The two phones most ad traffic comes from, set by hand (playwright's descriptors carry a
 * browser type we do not run): Safari on an iPhone 15 at 390 px (most Meta ad clicks), and
 * Chrome on an Android phone at 412 px. Both touch, both mobile; Chromium renders both.
 */
export const IPHONE_SAFARI: BrowserContextOptions = {
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  viewport: { width: 390, height: 664 },
  screen: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: 'en-US',
};

export const ANDROID_CHROME: BrowserContextOptions = {
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  viewport: { width: 412, height: 839 },
  screen: { width: 412, height: 915 },
  deviceScaleFactor: 2.625,
  isMobile: true,
  hasTouch: true,
  locale: 'en-IN',
};

/**
 * Everything a page reports that a person would never see but must never happen: CSP violations
 * (the browser's own securitypolicyviolation event, and its console line), console errors and
 * uncaught page errors, for every page of the context, for as long as it lives. The init script
 * runs outside the page's CSP.
 */
export async function watchContext(context: BrowserContext, who: string): Promise<string[]> {
  const problems: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
      );
    });
  });
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) {
        problems.push(`${who} ${page.url()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`${who} ${page.url()}: page error: ${error.message}`));
  };
  for (const page of context.pages()) watch(page);
  context.on('page', watch);
  return problems;
}

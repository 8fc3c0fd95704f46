import type { BrowserContext, Page } from 'playwright-core';

/**
 * Records, for a whole journey, every CSP violation (from the page's own securitypolicyviolation
 * event, on every document the context opens) and every console error or uncaught page error.
 * A journey ends with `expect(problems).toEqual([])`. Chromium also logs every 4xx response as a
 * console error: the statuses a journey provokes on purpose (a 422 form answer) are listed in
 * `expectedStatuses`; any other failed load still counts.
 */
export async function watchContext(
  context: BrowserContext,
  problems: string[],
  who: string,
  expectedStatuses: number[] = [422],
) {
  const expected = new RegExp(`the server responded with a status of (${expectedStatuses.join('|')})\\b`);
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const watch = (page: Page) => {
    page.on('pageerror', (error) => problems.push(`${who} page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error' || expected.test(message.text())) return;
      problems.push(`${who} console: ${message.text()}`);
    });
  };
  context.on('page', watch);
  for (const page of context.pages()) watch(page);
}

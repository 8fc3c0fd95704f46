import { describe, expect } from 'bun:test';
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium; never a downloaded browser (TECH-NOTES). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

if (!hasChromium) {
  const message = `Chromium not found at ${CHROMIUM_PATH}: browser tests are SKIPPED. Install it with "apt-get install -y chromium" (or set CHROMIUM_PATH).`;
  if (process.env.CI === 'true') throw new Error(message);
  process.stderr.write(`\n!!! ${message}\n\n`);
}

/** `describe` for browser journeys: skipped loudly without Chromium, a failure in CI. */
export const describeBrowser = describe.if(hasChromium);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-extensions',
      '--no-first-run',
      '--disable-sync',
      '--disable-component-update',
      '--disable-default-apps',
      '--mute-audio',
    ],
  });
}

/** One thing a journey must not show: a CSP violation, a console error or an uncaught error. */
export interface JourneyProblem {
  kind: 'csp' | 'console' | 'pageerror';
  url: string;
  text: string;
}

export interface JourneyWatch {
  /** Everything seen so far, on every page and frame of the context. */
  readonly problems: JourneyProblem[];
  /**
   * Fails the test when anything was seen. Waits for reports still on their way first (the
   * browser dispatches violation events after the work that caused them).
   */
  expectClean(): Promise<void>;
}

export interface WatchOptions {
  /**
   * Console errors the journey causes on purpose (a refused upload's 413, a socket to a stopped
   * server), each as narrow as possible. CSP violations and uncaught errors are never allowed.
   */
  allowConsoleErrors?: RegExp[];
}

const CSP_BINDING = '__reportCspViolation';

/**
 * Watches a browser context for the whole journey, on every page and frame it opens (including
 * pages opened later, iframes such as the widget's, and pages after navigations): SEC-5 CSP
 * violations as the browser reports them (`securitypolicyviolation`, through a binding the
 * page's CSP cannot block), console errors (which include Chromium's own "Refused to…" lines)
 * and uncaught exceptions. Call it before the first `newPage`, and `expectClean()` at the end.
 */
export async function watchJourney(
  context: BrowserContext,
  options: WatchOptions = {},
): Promise<JourneyWatch> {
  const problems: JourneyProblem[] = [];
  const allowed = options.allowConsoleErrors ?? [];
  await context.exposeBinding(CSP_BINDING, ({ frame }, text: string) => {
    problems.push({ kind: 'csp', url: frame.url(), text });
  });
  await context.addInitScript((binding: string) => {
    const report = (window as unknown as Record<string, (text: string) => void>)[binding];
    document.addEventListener('securitypolicyviolation', (e) => {
      const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` : '';
      report?.(`${e.effectiveDirective} blocked ${e.blockedURI}${where} ${e.sample}`.trim());
    });
  }, CSP_BINDING);
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // Chromium's own CSP line duplicates the violation event, which is always a failure.
    const isCsp = /Content Security Policy|Refused to (apply|execute|load|connect|frame)/i.test(text);
    if (!isCsp && allowed.some((pattern) => pattern.test(text))) return;
    problems.push({ kind: isCsp ? 'csp' : 'console', url: message.page()?.url() ?? '', text });
  });
  context.on('weberror', (error) => {
    problems.push({ kind: 'pageerror', url: error.page()?.url() ?? '', text: String(error.error()) });
  });
  return {
    problems,
    async expectClean() {
      for (const page of context.pages()) {
        if (page.isClosed()) continue;
        // Two turns of the event loop: the violation event, then the binding's round trip.
        await page
          .evaluate(() => new Promise((resolve) => setTimeout(() => setTimeout(resolve, 0), 0)))
          .catch(() => undefined);
      }
      expect(problems).toEqual([]);
    },
  };
}

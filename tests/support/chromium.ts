import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (TECH-NOTES): never a downloaded browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

/**
 * Browser suites run where Chromium is installed. On a machine without it they are skipped and
 * say so loudly; in CI (CI=true) a missing browser is a failure, never a silent skip.
 */
export function requireChromium(suite: string): boolean {
  if (hasChromium) return true;
  if (process.env.CI === 'true') throw new Error(`${suite}: ${CHROMIUM_PATH} is missing in CI`);
  console.warn(
    `\n⚠ ${suite}: NOT RUN, no Chromium at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium\n`,
  );
  return false;
}

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

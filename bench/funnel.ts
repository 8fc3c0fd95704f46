/**
 * bench:funnel (SPEC PERF-7, issue 20): the ad funnel on a throttled phone, timed in Chromium.
 * The real server on a SQLite file (synchronous=FULL), an agent on the real console (desktop,
 * unthrottled), and per run a fresh phone context (cold cache) on Lighthouse's "slow 4G" profile
 * (150 ms RTT, 1.6 Mbps down, 750 kbps up) with 4× CPU slowdown. Per run it reads:
 *   - LCP of `/p/{slug}` (PerformanceObserver, buffered);
 *   - submit → chat live: the tap on Start chat to the later of the chat view showing (the start
 *     answered) and the socket's first `joined` frame (the chat's messages reach the page), both
 *     in the page;
 *   - start → agent console: the chat's commit time on the server (its created_at, system clock)
 *     to the row appearing in the agent's bucket (MutationObserver in the agent page).
 * Baseline in the same run: the bare round trip of `/healthz` on the same throttled profile (the
 * floor the network sets under any submit), and an agent-page no-op frame (the floor of "appears").
 *   `FUNNEL_RUNS=10 npm run bench:funnel` (a part of `npm run bench`, bench/suite.ts)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { closeConversation } from '../src/routing/lifecycle.service.ts';
import { startServer } from '../src/server.ts';
import { visitorProject } from '../tests/http/visitor/visitor-support.ts';
import { launchChromium } from '../tests/support/browser.ts';
import { createStaff, makeTestDeps } from '../tests/support/make-app.ts';
import type { ManualClock } from '../tests/support/manual-clock.ts';
import { emit, ms } from './rows.ts';

const RUNS = Number(process.env.FUNNEL_RUNS ?? 10);
const BUDGET = { lcp: 1000, live: 300, agent: 100 };
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

/** The bench runs on real time: a clock that tests would call manual, moving with the wall. */
const wallClock: ManualClock = { now: () => new Date(), set: () => undefined, advance: () => undefined };

const dir = mkdtempSync(join(tmpdir(), 'bench-funnel-'));
const raw = openSqlite(join(dir, 'funnel.sqlite'));
raw.exec('PRAGMA synchronous = FULL');
const db = sqliteKysely(raw);
await migrateToLatest(db);
const deps = await makeTestDeps({
  db,
  clock: wallClock,
  env: { DATA_DIR: dir, TRUSTED_PROXIES: '127.0.0.1' },
});
await visitorProject(deps.db, { slug: 'solar', is_default: 1, title: 'Acme Solar' });
const running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
const agent = await createStaff(deps, 'agent', { activeLimit: 500 });
const browser = await launchChromium();

async function throttle(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return cdp;
}

/** The agent's console, open and live, watching for rows by the visitor's name. */
async function agentConsole(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies([{ name: 'sid', value: agent.cookie.slice('sid='.length), url: running.url }]);
  const page = await context.newPage();
  await page.goto(`${running.url}/agent`);
  await page.waitForSelector('html[data-realtime="open"]');
  return page;
}

async function watchForRow(page: Page, name: string): Promise<void> {
  await page.evaluate((who) => {
    const w = window as unknown as { seenAt?: number };
    w.seenAt = undefined;
    const seen = () =>
      [...document.querySelectorAll('[id^="conversation-"]')].some((row) => row.textContent?.includes(who));
    const observer = new MutationObserver(() => {
      if (w.seenAt === undefined && seen()) {
        w.seenAt = performance.timeOrigin + performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }, name);
}

/** In the visitor page before its scripts: the tap's time and the first `joined` frame's time. */
async function instrumentVisitor(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const marks: { tap?: number; joined?: number; shown?: number; lcp?: number } = {};
    Object.assign(window, { funnelMarks: marks });
    document.addEventListener(
      'click',
      (event) => {
        if ((event.target as Element | null)?.closest('button[type="submit"], button:not([type])')) {
          marks.tap ??= performance.now();
        }
      },
      true,
    );
    const Native = WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (event) => {
          if (marks.joined === undefined && String(event.data).includes('"joined"')) {
            marks.joined = performance.now();
          }
        });
      }
    };
    // showChat() sets it once the start answered.
    new MutationObserver(() => {
      if (marks.shown === undefined && document.body?.dataset.state === 'chat')
        marks.shown = performance.now();
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-state'] });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) marks.lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
}

interface Run {
  lcp: number;
  live: number;
  agent: number;
  healthRtt: number;
}

async function oneRun(console_: Page, index: number): Promise<Run> {
  const name = `Funnel Visitor ${index}`;
  await watchForRow(console_, name);
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 3,
    // Each phone is its own address (as behind a proxy), so the per-address start limits do not apply.
    extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${index}` },
  });
  await instrumentVisitor(context);
  const page = await context.newPage();
  await throttle(page);
  await page.goto(`${running.url}/p/solar?utm_source=facebook&utm_campaign=bench`);
  await page.getByRole('button', { name: 'Start chat' }).waitFor();
  // LCP is final once the person interacts; read it before the first keystroke.
  await page.waitForTimeout(300);
  const lcp = await page.evaluate(
    () => (window as unknown as { funnelMarks: { lcp?: number } }).funnelMarks.lcp,
  );
  const healthRtt = await page.evaluate(async () => {
    const t0 = performance.now();
    await fetch('/healthz', { cache: 'no-store' });
    return performance.now() - t0;
  });
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Country').selectOption('GB');
  await page.getByLabel('Phone number').fill('07911 123456');
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.waitForFunction(() => {
    const marks = (window as unknown as { funnelMarks: { joined?: number; shown?: number } }).funnelMarks;
    return marks.joined !== undefined && marks.shown !== undefined;
  });
  const marks = await page.evaluate(
    () => (window as unknown as { funnelMarks: { tap: number; joined: number; shown: number } }).funnelMarks,
  );
  const chat = await deps.db
    .selectFrom('conversations')
    .select(['id', 'created_at'])
    .where('visitor_name', '=', name)
    .executeTakeFirstOrThrow();
  await console_.waitForFunction(() => (window as unknown as { seenAt?: number }).seenAt !== undefined);
  const seenAt = await console_.evaluate(() => (window as unknown as { seenAt: number }).seenAt);
  await closeConversation(deps, { conversationId: chat.id, actorId: agent.id, withoutSurvey: true });
  await context.close();
  if (lcp === undefined) throw new Error('no LCP entry');
  return {
    lcp,
    live: Math.max(marks.joined, marks.shown) - marks.tap,
    agent: seenAt - Date.parse(chat.created_at),
    healthRtt,
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

try {
  const console_ = await agentConsole();
  await oneRun(console_, 0); // warm-up: the server's first compile of each route
  const runs: Run[] = [];
  for (let i = 1; i <= RUNS; i++) runs.push(await oneRun(console_, i));
  const rtt = percentile(
    runs.map((run) => run.healthRtt),
    50,
  );
  console.log(
    `phone 390×844, 4× CPU, 150 ms RTT, 1.6 Mbps / 750 kbps; agent unthrottled; ${RUNS} runs, p99 = the slowest`,
  );
  const cases = [
    ['LCP of /p/{slug}', runs.map((run) => run.lcp), BUDGET.lcp, `${ms(rtt)} (healthz round trip)`],
    ['submit → chat live', runs.map((run) => run.live), BUDGET.live, `${ms(rtt)} (healthz round trip)`],
    ['start → row on the agent console', runs.map((run) => run.agent), BUDGET.agent, '— (unthrottled)'],
  ] as const;
  for (const [label, values, budget, baseline] of cases) {
    const p50 = percentile(values, 50);
    const max = Math.max(...values);
    emit({
      spec: 'PERF-7',
      name: `${label} (throttled phone)`,
      p50: ms(p50),
      p99: ms(max),
      baseline,
      ratio: baseline.startsWith('—') ? '—' : `${(p50 / rtt).toFixed(2)}×`,
      budget: `≤ ${budget} ms`,
      pass: max <= budget,
    });
  }
} finally {
  await browser.close();
  await running.stop();
  rmSync(dir, { recursive: true, force: true });
}

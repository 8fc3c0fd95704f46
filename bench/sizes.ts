/**
 * The sizes part of `npm run bench` (bench/suite.ts; SPEC PERF-4): bytes over the wire, as served,
 * in Chromium with a cold cache: the visitor page's first load on a phone, the widget loader on a
 * customer's page (another origin) and the widget's first open there. Each beside the same
 * resources uncompressed (the baseline: what the compression and the split scripts save).
 *   `bun bench/sizes.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { replaceProjectOrigins } from '../src/projects/projects.queries.ts';
import { startServer } from '../src/server.ts';
import { hostPage, startHostSite } from '../tests/browser/support/host-site.ts';
import { visitorProject } from '../tests/http/visitor/visitor-support.ts';
import { launchChromium } from '../tests/support/browser.ts';
import { makeTestDeps } from '../tests/support/make-app.ts';
import { emit } from './rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-sizes-'));
const db = sqliteKysely(openSqlite(join(dir, 'sizes.sqlite')));
await migrateToLatest(db);
const deps = await makeTestDeps({ db, env: { DATA_DIR: dir } });
const project = await visitorProject(deps.db, { slug: 'solar', is_default: 1, title: 'Acme Solar' });
const running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
const host = startHostSite();
await replaceProjectOrigins(
  deps.db,
  project.id,
  [{ id: deps.ids.next(), origin: host.origin }],
  project.created_at,
);
host.page(
  '/',
  hostPage({
    title: 'A customer site',
    snippet: `<script async src="${running.url}/widget/widget.js" data-project="solar"></script>`,
  }),
);
const browser = await launchChromium();

interface Loaded {
  wire: number;
  raw: number;
}

/** Our responses from now on: body bytes as they came over the wire, and uncompressed. */
function recordOurs(page: Page): { loaded: Loaded[]; settled(): Promise<void> } {
  const loaded: Loaded[] = [];
  const pending: Array<Promise<void>> = [];
  page.on('response', (response) => {
    if (!response.url().startsWith(running.url) || response.status() !== 200) return;
    pending.push(
      Promise.all([response.request().sizes(), response.body()]).then(
        ([sizes, body]) => void loaded.push({ wire: sizes.responseBodySize, raw: body.byteLength }),
        () => undefined,
      ),
    );
  });
  return { loaded, settled: () => Promise.all(pending).then(() => undefined) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
function report(name: string, loaded: Loaded[], budgetKb: number): void {
  const wire = loaded.reduce((sum, item) => sum + item.wire, 0);
  const raw = loaded.reduce((sum, item) => sum + item.raw, 0);
  emit({
    spec: 'PERF-4',
    name: `${name} (${loaded.length} responses)`,
    p50: kb(wire),
    p99: '—',
    baseline: `${kb(raw)} (the same uncompressed)`,
    ratio: `${(wire / raw).toFixed(2)}×`,
    budget: `≤ ${budgetKb} KB`,
    pass: wire <= budgetKb * 1024,
  });
}

try {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const visitor = await phone.newPage();
  const visitorLoad = recordOurs(visitor);
  await visitor.goto(`${running.url}/p/solar?utm_source=facebook`, { waitUntil: 'networkidle' });
  await visitorLoad.settled();
  report('visitor page first load, phone', visitorLoad.loaded, 30);
  await phone.close();

  const desktop = await browser.newContext();
  const site = await desktop.newPage();
  const widget = recordOurs(site);
  await site.goto(host.origin, { waitUntil: 'networkidle' });
  const bubble = site.getByRole('button', { name: /^Open chat/ });
  await bubble.waitFor();
  await widget.settled();
  report('widget loader on a customer page', [...widget.loaded], 10);
  await bubble.click();
  await site.frameLocator('iframe[title="Chat with Acme Solar"]').getByLabel('Your name').waitFor();
  await site.waitForLoadState('networkidle');
  await widget.settled();
  report('widget first open, in all', widget.loaded, 40);
  await desktop.close();
} finally {
  await browser.close();
  host.stop();
  await running.stop();
  rmSync(dir, { recursive: true, force: true });
}

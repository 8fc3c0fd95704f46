import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { describeBrowser, launchChromium, watchJourney } from '../support/browser.ts';
import { makeProject } from '../support/factories.ts';
import { drainImportJobs } from '../support/import-jobs.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/**
 * CSV upload in Chromium (CRM-5): an admin goes from the lead inbox to the import page, uploads
 * Excel's "CSV UTF-8" fixture (BOM, accents), sees the preview with the suggested mapping, imports,
 * watches the page follow the background job, reads the counts, downloads the per-row report and finds the leads under the Uploaded tab.
 */
const FIXTURE = join(import.meta.dir, '../fixtures/csv/utf8-bom-excel.csv');

describeBrowser('CSV upload in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;

  beforeAll(async () => {
    const deps = await makeTestDeps({ env: { DATA_DIR: await mkdtemp(join(tmpdir(), 'csv-browser-')) } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('upload, map, import, see and download the report', async () => {
    await makeProject(running.deps.db, { title: 'Solar', default_country: 'GB' });
    const admin = await createStaff(running.deps, 'admin');
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    await context.addCookies([{ name: 'sid', value: admin.cookie.slice('sid='.length), url: running.url }]);
    const watch = await watchJourney(context);
    const page = await context.newPage();

    await page.goto(`${running.url}/admin/leads`);
    await page.getByRole('link', { name: 'Import a CSV file' }).click();
    await page.waitForURL(`${running.url}/admin/leads/import`);
    await page.getByLabel('Project').selectOption({ label: 'Solar' });
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(FIXTURE);
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.waitForURL(/\/admin\/leads\/import\/[0-9A-Za-z]+$/);

    // The preview: the BOM did not spoil the first header, accents read, a mapping suggested.
    await page.getByRole('heading', { level: 1, name: /Map the columns of utf8-bom-excel\.csv/ }).waitFor();
    const preview = page.locator('#import-preview');
    await preview.getByText('José Álvarez').waitFor();
    expect(await page.getByLabel('Full Name').inputValue()).toBe('name');
    expect(await page.getByLabel('Phone Number').inputValue()).toBe('phone');
    expect(await page.getByLabel('utm_campaign').inputValue()).toBe('utmCampaign');
    expect(await page.getByLabel('Default country for numbers without +code').inputValue()).toBe('GB');
    await page.screenshot({ path: '/tmp/csv-import-preview.png', fullPage: true });

    await page.getByRole('button', { name: 'Import' }).click();
    // The request only queued the file; the page polls while the job (driven here) imports it.
    await page.getByRole('heading', { level: 1, name: /utf8-bom-excel\.csv: Importing…/ }).waitFor();
    await page.getByRole('status').getByText('Waiting for the import to start…').waitFor();
    await drainImportJobs(running.deps);
    await page.getByRole('heading', { level: 1, name: /utf8-bom-excel\.csv: Imported/ }).waitFor();
    await page.getByText('2 rows in the file.').waitFor();
    const counts = page.locator('#import-counts');
    expect(await counts.locator('dd').allTextContents()).toEqual(['2', '0', '0', '0', '0']);
    await page.screenshot({ path: '/tmp/csv-import-report.png', fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the per-row report (CSV)' }).click(),
    ]);
    const report = await readFile((await download.path()) ?? '', 'utf8');
    expect(report.replace(/^\uFEFF/, '')).toBe('Row,Outcome,Field,Reason\r\n');

    await page.getByRole('link', { name: 'See the uploaded leads' }).click();
    await page.waitForURL(/source=csv/);
    await page.getByRole('link', { name: 'José Álvarez' }).waitFor();
    await page.getByRole('link', { name: 'Zoë Brown' }).waitFor();
    await watch.expectClean();
    await context.close();
  });
});

import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Browser } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { describeBrowser, launchChromium, watchJourney } from '../support/browser.ts';
import { makeConversation, makeMessage, makeProject } from '../support/factories.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/**
 * Issue 18 journey: a manager opens Reports from the console navigation, filters Chat data by
 * agent and start date (the filters land in the URL), downloads the CSV of exactly that filter
 * and a chat's PDF transcript, whose times follow the browser's own time zone.
 */
describeBrowser('reports in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;

  beforeAll(async () => {
    running = await startServer(await makeTestDeps(), { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('a manager filters Chat data by agent and date, downloads the CSV and a PDF', async () => {
    const { deps } = running;
    const manager = await createStaff(deps, 'manager');
    const ann = await createStaff(deps, 'agent');
    const bob = await createStaff(deps, 'agent');
    await deps.db.updateTable('users').set({ display_name: 'Ann Agent' }).where('id', '=', ann.id).execute();
    const project = await makeProject(deps.db, { title: 'Winter deals' });
    const chat = (name: string, assignee: string, createdAt: string) =>
      makeConversation(deps.db, {
        project_id: project.id,
        visitor_name: name,
        assignee_id: assignee,
        status: 'active',
        created_at: createdAt,
        last_message_at: createdAt,
      });
    const recent = await chat('Recent Rita', ann.id, '2026-11-20T06:00:00.000Z');
    await chat('Early Elif', ann.id, '2026-11-02T06:00:00.000Z');
    await chat('Bob’s Bruno', bob.id, '2026-11-21T06:00:00.000Z');
    await makeMessage(deps.db, {
      conversation_id: recent.id,
      seq: 1,
      body: 'Hello from Rita',
      created_at: '2026-11-20T06:00:00.000Z',
    });

    const context = await browser.newContext({ acceptDownloads: true, timezoneId: 'Asia/Kolkata' });
    await context.addCookies([{ name: 'sid', value: manager.cookie.slice(4), url: running.url }]);
    const watch = await watchJourney(context);
    const page = await context.newPage();
    await page.goto(`${running.url}/manager`);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Chat data' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);

    await page.getByLabel('Agent').selectOption({ label: 'Ann Agent' });
    await page.getByLabel('From').fill('2026-11-10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#report-total', { hasText: '1 chat' }).waitFor();
    expect(new URL(page.url()).searchParams.get('agent')).toBe(ann.id);
    expect(new URL(page.url()).searchParams.get('from')).toBe('2026-11-10');
    expect(await page.locator('tbody tr').allTextContents()).toEqual([
      expect.stringContaining('Recent Rita'),
    ]);

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^chat-data-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(rows.slice(1).map((row) => [row[0], row[1], row[6]])).toEqual([
      [recent.id, 'Recent Rita', 'Ann Agent'],
    ]);

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /PDF/ }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`chat-${recent.id}.pdf`);
    // Chromium names India's zone by its older alias; both are the same IANA zone.
    expect(new URL(pdf.url()).searchParams.get('tz')).toMatch(/^Asia\/(Kolkata|Calcutta)$/);
    const file = await pdf.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const extracted = Bun.spawnSync(['pdftotext', '-enc', 'UTF-8', file, '-'], {
      stdout: 'pipe',
    }).stdout.toString();
    expect(extracted).toContain('Recent Rita');
    expect(extracted).toContain('Ann Agent');
    expect(extracted).toContain('Hello from Rita');
    // 06:00 UTC in India.
    expect(extracted).toContain('11:30');
    await watch.expectClean();
    await context.close();
  }, 60_000);
});

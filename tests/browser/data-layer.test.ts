import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { sha256Hex } from '../../src/tracking/identity.ts';
import { META_TOKEN, PIXEL, trackedLead, trackedProject } from '../http/tracking/tracking-fixture.ts';
import { describeBrowser, type JourneyWatch, launchChromium, watchJourney } from '../support/browser.ts';
import { type FakeMetaGraph, fakeMetaGraph } from '../support/fakes/fake-meta-graph.ts';
import { createStaff, makeTestDeps, type TestDeps, type TestStaff } from '../support/make-app.ts';

/**
 * The browser half of conversion tracking (TRACK-2): changing a lead's stage in the agent console
 * and in the admin chat modal pushes exactly one `lead_stage_changed` event to window.dataLayer,
 * with the fields the server built and the same event_id as the server-side Meta event, and no
 * staff page involved raises a CSP violation or a console error.
 */
describeBrowser('dataLayer conversion events in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;
  let deps: TestDeps;
  let meta: FakeMetaGraph;
  const watches: JourneyWatch[] = [];

  beforeAll(async () => {
    meta = fakeMetaGraph({ accessToken: META_TOKEN, pixelId: PIXEL });
    deps = await makeTestDeps({
      env: { DATA_DIR: `/tmp/data-layer-browser-${process.pid}`, META_GRAPH_URL: meta.url },
    });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    meta.stop();
  });

  async function signedIn(staff: TestStaff): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    watches.push(await watchJourney(context, { allowConsoleErrors: [/status of 422/] }));
    const [name = 'sid', value = ''] = staff.cookie.split('=');
    await context.addCookies([{ name, value, url: running.url }]);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return { context, page };
  }

  const dataLayer = (page: Page) =>
    page.evaluate(
      () => (window as unknown as { dataLayer?: Array<Record<string, unknown>> }).dataLayer ?? [],
    );

  const eventIdOf = async (chatId: string) =>
    (
      await deps.db
        .selectFrom('outbox_events')
        .select('event_id')
        .where('conversation_id', '=', chatId)
        .where('destination', '=', 'meta')
        .executeTakeFirstOrThrow()
    ).event_id;

  test('agent console: Qualified pushes one event; Converted asks the value, then pushes one more', async () => {
    const agent = await createStaff(deps, 'agent');
    const project = await trackedProject(deps, { ga4: false, currency: 'EUR' });
    const chat = await trackedLead(deps, project.id, agent.id);
    const { context, page } = await signedIn(agent);
    await page.goto(`${running.url}/agent?chat=${chat.id}`);
    const stage = page.locator(`#stage-${chat.id}`);
    await stage.selectOption('qualified');
    await page.waitForFunction(
      () => ((window as unknown as { dataLayer?: unknown[] }).dataLayer ?? []).length > 0,
    );
    // A moment for any second push, which must not come.
    await page.waitForTimeout(300);
    const [first, ...rest] = await dataLayer(page);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      event: 'lead_stage_changed',
      event_id: `${chat.id}.qualified`,
      first_time: true,
      stage: 'qualified',
      meta_event_name: 'Lead',
      project_id: project.id,
      agent_id: agent.id,
      utm_source: 'meta',
      utm_campaign: 'x',
      email_sha256: sha256Hex('dora@example.com'),
      phone_sha256: sha256Hex('14155552671'),
      value: null,
    });
    expect(first).not.toHaveProperty('elt');
    expect(first?.event_id).toBe(await eventIdOf(chat.id));

    await page.locator(`#stage-${chat.id}`).selectOption('converted');
    const value = page.getByLabel('Deal value (EUR), optional');
    await value.fill('1200');
    await page.getByRole('button', { name: 'Save Converted' }).click();
    await page.waitForFunction(
      () => ((window as unknown as { dataLayer?: unknown[] }).dataLayer ?? []).length > 1,
    );
    await page.waitForTimeout(300);
    const events = await dataLayer(page);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      stage: 'converted',
      value: 1200,
      currency: 'EUR',
      meta_event_name: 'Purchase',
    });
    await context.close();
  }, 60_000);

  test('admin chat modal: saving Qualified pushes exactly one event', async () => {
    const admin = await createStaff(deps, 'admin');
    const project = await trackedProject(deps, { ga4: false });
    const chat = await trackedLead(deps, project.id);
    const { context, page } = await signedIn(admin);
    await page.goto(`${running.url}/admin/chats`);
    await page.getByRole('link', { name: 'Open chat with Dora' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Chat' });
    await dialog.getByLabel('Lead stage').selectOption({ label: 'Qualified' });
    await dialog.getByRole('button', { name: 'Save stage' }).click();
    await dialog.getByText('Lead stage saved.').waitFor();
    await page.waitForTimeout(300);
    const events = await dataLayer(page);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event: 'lead_stage_changed',
      event_id: `${chat.id}.qualified`,
      agent_id: admin.id,
      ga4_from_browser: true,
    });
    expect(events[0]?.event_id).toBe(await eventIdOf(chat.id));
    // The tracking page of the project renders under the CSP too.
    await page.goto(`${running.url}/admin/projects/${project.id}/tracking`);
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
    await context.close();
  }, 60_000);

  test('no CSP violation or console error on any page of the journeys', async () => {
    for (const watch of watches) await watch.expectClean();
  });
});

import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type Browser, type BrowserContext, devices } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { describeBrowser, type JourneyWatch, launchChromium, watchJourney } from '../support/browser.ts';
import { makeConversation, makeLead, makeProject, makeVisitor } from '../support/factories.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';

/**
 * The lead inbox and lead detail in Chromium (CRM-1..4), as a manager and as a CRM-only agent, on
 * a desktop and on a 390 px phone: find the lead by its tab, open it, see where it came from,
 * add a note, set a follow-up, mark it Qualified, and find it in the inbox with that stage.
 */
describeBrowser('CRM in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;
  const watches: JourneyWatch[] = [];

  beforeAll(async () => {
    const deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/crm-browser-${process.pid}` } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function staffContext(cookie: string, phone: boolean): Promise<BrowserContext> {
    const context = await browser.newContext(
      phone
        ? { ...devices['iPhone 13'], viewport: { width: 390, height: 844 } }
        : { viewport: { width: 1280, height: 900 } },
    );
    await context.addCookies([{ name: 'sid', value: cookie.slice('sid='.length), url: running.url }]);
    watches.push(await watchJourney(context));
    return context;
  }

  async function seedLead(name: string) {
    const { db } = running.deps;
    const project = await makeProject(db, { title: `Solar ${name}` });
    const touchId = running.deps.ids.next();
    await db
      .insertInto('attributions')
      .values({
        id: touchId,
        visitor_id: null,
        landing_url: 'https://www.client.com/offer?utm_source=meta&utm_campaign=spring-roofs',
        utm_source: 'meta',
        utm_medium: 'paid_social',
        utm_campaign: 'spring-roofs',
        fbclid: 'IwAR0xyz',
        is_returning: 0,
        created_at: '2026-11-22T09:00:00.000Z',
      })
      .execute();
    return makeLead(db, {
      name,
      phone: '+447400123456',
      email: `${name.split(' ')[0]?.toLowerCase()}@example.com`,
      project_id: project.id,
      attribution_id: touchId,
      form_name: 'quote',
      created_at: '2026-11-22T09:00:00.000Z',
    });
  }

  for (const phone of [false, true]) {
    test(`a manager works a web lead from the inbox (${phone ? '390 px phone' : 'desktop'})`, async () => {
      const name = phone ? 'Mary Jackson' : 'Dorothy Vaughan';
      const lead = await seedLead(name);
      const manager = await createStaff(running.deps, 'manager');
      const context = await staffContext(manager.cookie, phone);
      const page = await context.newPage();
      await page.goto(`${running.url}/crm`);
      await page.waitForURL(`${running.url}/manager/leads`);
      await page.getByRole('navigation', { name: 'Lead source' }).getByRole('link', { name: /^Web/ }).click();
      await page.waitForURL(/source=web/);
      await page.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      const touch = page.getByRole('region', { name: 'Where this lead came from' });
      await touch.getByText('spring-roofs', { exact: true }).waitFor();
      await touch.getByText('meta / paid_social', { exact: true }).waitFor();
      if (phone) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      }
      await page.screenshot({ path: `/tmp/crm-lead-${phone ? 'phone' : 'desktop'}.png`, fullPage: true });

      await page.getByLabel('Add a note').fill('Asked for a quote for a 4-bed house.');
      await page.getByRole('button', { name: 'Add note' }).click();
      await page.getByText('Asked for a quote for a 4-bed house.').waitFor();
      await page.getByLabel('Follow-up date').fill('2026-11-30');
      await page.getByLabel('Final remark').fill('Send the brochure');
      await page.getByRole('button', { name: 'Save follow-up' }).click();
      expect(await page.getByLabel('Follow-up date').inputValue()).toBe('2026-11-30');
      await page.getByLabel('Stage').selectOption({ label: 'Qualified' });
      await page.getByRole('button', { name: 'Save stage' }).click();
      await page.locator('.page-header .pill', { hasText: 'Qualified' }).waitFor();

      await page.getByRole('link', { name: 'Leads' }).first().click();
      await page.getByLabel('Stage').selectOption({ label: 'Qualified' });
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/stage=qualified/);
      const row = page.locator(`#lead-row-${lead.id}`);
      await row.waitFor();
      await row.getByText('Qualified').waitFor();
      await row.getByText('2026-11-30').waitFor();
      await page.screenshot({ path: `/tmp/crm-inbox-${phone ? 'phone' : 'desktop'}.png`, fullPage: true });
      for (const watch of watches) await watch.expectClean();
      await context.close();
    }, 60_000);
  }

  test('an agent working a chat sees where the lead came from, notes it, sets a follow-up, marks it Qualified', async () => {
    const { db } = running.deps;
    const agent = await createStaff(running.deps, 'agent', { crm: true, liveChat: true });
    const project = await makeProject(db, { title: 'Roofs' });
    const visitor = await makeVisitor(db, { project_id: project.id, name: 'Ravi Kumar' });
    const touchId = running.deps.ids.next();
    await db
      .insertInto('attributions')
      .values({
        id: touchId,
        visitor_id: visitor.id,
        landing_url: 'https://roofs.example/p/roofs?utm_source=meta&utm_campaign=diwali-roofs',
        utm_source: 'meta',
        utm_medium: 'paid_social',
        utm_campaign: 'diwali-roofs',
        is_returning: 0,
        created_at: '2026-11-23T09:00:00.000Z',
      })
      .execute();
    const chat = await makeConversation(db, {
      project_id: project.id,
      visitor_id: visitor.id,
      attribution_id: touchId,
      status: 'active',
      assignee_id: agent.id,
      visitor_name: 'Ravi Kumar',
      last_message_preview: 'Is the quote still valid?',
    });
    await makeLead(db, {
      id: visitor.id,
      visitor_id: visitor.id,
      source: 'chat',
      project_id: project.id,
      name: 'Ravi Kumar',
      assignee_id: agent.id,
      attribution_id: touchId,
    });

    const context = await staffContext(agent.cookie, false);
    const page = await context.newPage();
    await page.goto(`${running.url}/agent`);
    await page
      .getByRole('link', { name: /Ravi Kumar/ })
      .first()
      .click();
    const panel = page.getByRole('complementary', { name: 'Lead details' });
    await panel.getByText('diwali-roofs', { exact: true }).waitFor();
    await panel.getByText('meta / paid_social', { exact: true }).waitFor();
    await panel.getByLabel('Add a note').fill('Wants the quote in Hindi');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await panel.getByText('Wants the quote in Hindi').waitFor();
    await panel.getByLabel('Follow-up date').fill('2026-11-26');
    await Promise.all([
      page.waitForResponse((res) => res.url().endsWith('/follow-up') && res.status() === 200),
      panel.getByRole('button', { name: 'Save follow-up' }).click(),
    ]);
    await page.getByLabel('Lead stage').selectOption({ label: 'Qualified' });
    await page.waitForFunction(
      () =>
        (document.querySelector('select[name="stage"]') as HTMLSelectElement | null)?.value === 'qualified',
    );
    await page.screenshot({ path: '/tmp/crm-agent-pane.png' });

    await page.goto(`${running.url}/crm`);
    await page.waitForURL(`${running.url}/agent/leads`);
    const row = page.locator(`#lead-row-${visitor.id}`);
    await row.getByText('Qualified').waitFor();
    await row.getByText('2026-11-26').waitFor();
    await row.getByRole('link', { name: 'Ravi Kumar' }).click();
    await page.getByText('Wants the quote in Hindi').waitFor();
    const lead = await db
      .selectFrom('leads')
      .select(['stage', 'follow_up_on'])
      .where('id', '=', visitor.id)
      .executeTakeFirst();
    expect(lead).toEqual({ stage: 'qualified', follow_up_on: '2026-11-26' });
    const conversation = await db
      .selectFrom('conversations')
      .select('lead_stage')
      .where('id', '=', chat.id)
      .executeTakeFirst();
    expect(conversation?.lead_stage).toBe('qualified');
    for (const watch of watches) await watch.expectClean();
    await context.close();
  }, 60_000);

  test('a CRM-only agent lands on their leads and has no chat inbox', async () => {
    const agent = await createStaff(running.deps, 'agent', { crm: true, liveChat: false });
    const mine = await makeLead(running.deps.db, { name: 'Own Lead', assignee_id: agent.id });
    const context = await staffContext(agent.cookie, true);
    const page = await context.newPage();
    await page.goto(`${running.url}/crm`);
    await page.waitForURL(`${running.url}/agent/leads`);
    await page.getByRole('button', { name: 'Menu' }).click();
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Leads' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Inbox' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.locator(`#lead-row-${mine.id}`).waitFor();
    for (const watch of watches) await watch.expectClean();
    await context.close();
  }, 60_000);
});

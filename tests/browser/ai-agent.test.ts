import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdir } from 'node:fs/promises';
import { type Browser, devices, type Page } from 'playwright-core';
import { AI_AGENT_ID } from '../../src/ai/ai-agent.ts';
import { saveApiKey } from '../../src/ai/ai-settings.service.ts';
import { routeConversation } from '../../src/routing/routing.service.ts';
import { visitorGoneSweeper } from '../../src/routing/routing.sweepers.ts';
import { defaultRoutingSettings } from '../../src/routing/routing-settings.ts';
import type { RunningServer } from '../../src/server.ts';
import { visitorProject } from '../http/visitor/visitor-support.ts';
import { AI_TEST_KEY, type AiLive, aiLiveServer, startFake } from '../realtime/support/ai.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import type { FakeServer } from '../support/fakes/fake-behaviour.ts';
import { createStaff } from '../support/make-app.ts';
import { until } from '../support/until.ts';

/**
 * Issue 17's browser journey in Chromium: nobody is online at night; a visitor on /p/default gets
 * an answer from the AI with a person's pacing (read ticks, a pause, typing, the reply), asks for
 * a person, and leaves. In the morning an agent signs in and finds the chat in Unassigned with the
 * AI's handover summary. The admin's AI page works on a desktop and a phone. No CSP violation.
 */
const SCREENSHOTS = '/tmp/ai-agent-screens';
const PACING = { readDelayMs: 1000, typingMsPerChar: 10, typingMinMs: 1200, typingMaxMs: 3000 };

describeBrowser('AI fallback agent in Chromium', () => {
  let browser: Browser;
  let fake: FakeServer;
  let live: AiLive;
  let running: RunningServer;
  const problems: string[] = [];

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    fake = startFake('anthropic');
    live = await aiLiveServer('anthropic', fake, { settings: { pacing: PACING } });
    running = live.running;
    await visitorProject(live.deps.db, {
      slug: 'default',
      is_default: 1,
      title: 'Acme Solar',
      name: 'Acme Solar',
      ai_instructions: 'We install solar panels in Spain. Quotes come from the sales team.',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await live?.stop();
    await fake?.stop();
  });

  function watch(page: Page, who: string): Page {
    page.on('pageerror', (error) => problems.push(`${who}: ${error.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy|CSP violation|Refused to/i.test(m.text()))
        problems.push(`${who}: ${m.text()}`);
    });
    return page;
  }

  async function staffPage(cookie: string, viewport: { width: number; height: number }, who: string) {
    const context = await browser.newContext({ viewport });
    const [name = 'sid', value = ''] = cookie.split('=');
    await context.addCookies([{ name, value, url: running.url }]);
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    return watch(await context.newPage(), who);
  }

  test('night: the AI answers like a person, hands over on request; morning: the agent finds it in Unassigned', async () => {
    const { defaultBrowserType: _, ...pixel } = devices['Pixel 7'] ?? {};
    const visitorContext = await browser.newContext(pixel);
    await visitorContext.addInitScript(() => {
      // What the visitor saw, in order, with when: read ticks, typing on and off, the AI's lines.
      const seen: Array<{ what: string; at: number }> = [];
      Object.assign(window, { seen });
      const mark = (what: string) => seen.push({ what, at: performance.now() });
      // Mutation records come in DOM order: each one is one thing the visitor saw change.
      new MutationObserver((records) => {
        for (const record of records) {
          const node = record.target as Element;
          if (record.type === 'attributes' && node.id === 'typing') {
            mark((node as HTMLElement).hidden ? 'typing-off' : 'typing-on');
          } else if (record.type === 'attributes' && node.classList.contains('vp-tick-read')) {
            if (!(record.oldValue ?? '').includes('vp-tick-read')) mark('read');
          } else if (record.type === 'childList') {
            for (const added of record.addedNodes) {
              if (!(added instanceof Element) || !added.classList.contains('vp-msg')) continue;
              mark(added.classList.contains('vp-msg-mine') ? 'sent' : 'reply');
            }
          }
        }
      }).observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeOldValue: true,
        attributeFilter: ['hidden', 'class'],
      });
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const visitor = watch(await visitorContext.newPage(), 'visitor');
    await visitor.goto(`${running.url}/p/default`);
    await visitor.getByLabel('Your name').fill('Ana López');
    await visitor.getByLabel('Country').selectOption('ES');
    await visitor.getByLabel('Phone number').fill('612 345 678');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    await visitor.locator('#chat').waitFor({ state: 'visible' });
    // The page shows the chat as soon as it starts; the status line follows the socket's join.
    await visitor.locator('#chat-status', { hasText: 'You are chatting with our team.' }).waitFor();
    const chat = await live.deps.db.selectFrom('conversations').selectAll().executeTakeFirstOrThrow();
    expect(chat).toMatchObject({ status: 'active', assignee_id: AI_AGENT_ID });

    fake.script({ kind: 'reply', text: 'Hola Ana! Yes, we install all over Spain. What size is your roof?' });
    const box = visitor.getByRole('textbox', { name: 'Message', exact: true });
    await box.fill('Hi, do you install in Valencia?');
    await box.press('Enter');
    const reply = visitor.locator('.vp-msg', { hasText: 'What size is your roof?' });
    await reply.waitFor({ timeout: 15_000 });
    await expect(reply.locator('.vp-msg-sender').textContent()).resolves.toBe('AI');
    await visitor.locator('#typing').waitFor({ state: 'hidden' });
    type Seen = Array<{ what: string; at: number }>;
    const seen = await visitor.evaluate(() => (window as unknown as { seen: Seen }).seen);
    // Repeats collapsed: the sent bubble is drawn then confirmed, "typing off" is set twice.
    const steps = seen.map((s) => s.what).filter((what, i, all) => what !== all[i - 1]);
    expect(steps).toEqual(['sent', 'read', 'typing-on', 'reply', 'typing-off']);
    const at = (what: string) => seen.find((s) => s.what === what)?.at ?? Number.NaN;
    // A person's pace: a pause before reading, then typing long enough for the reply.
    expect(at('read') - at('sent')).toBeGreaterThanOrEqual(PACING.readDelayMs - 50);
    expect(at('reply') - at('typing-on')).toBeGreaterThanOrEqual(PACING.typingMinMs - 50);
    // The project's AI instructions reached the model's system prompt.
    expect(JSON.stringify(fake.requests[0]?.body)).toContain('We install solar panels in Spain.');
    await visitor.screenshot({ path: `${SCREENSHOTS}/visitor-ai-reply.png`, caret: 'initial' });

    fake.script({
      kind: 'escalate',
      handoverMessage: 'Of course, Ana. I am bringing in a colleague from our sales team.',
      summary:
        'Ana (Valencia) wants solar panels installed; asked for a person before sharing her roof size.',
    });
    await box.fill('Can I talk to a person please?');
    await box.press('Enter');
    await visitor.locator('.vp-msg', { hasText: 'bringing in a colleague' }).waitFor({ timeout: 15_000 });
    // No error: the visitor now waits for a person, with their place in the queue.
    await visitor.locator('#chat-status', { hasText: 'You are next in line.' }).waitFor();
    expect(await visitor.locator('.vp-msg', { hasText: 'Ana (Valencia)' }).count()).toBe(0);
    await visitor.screenshot({ path: `${SCREENSHOTS}/visitor-handover.png`, caret: 'initial' });

    // Nobody came: the visitor leaves. The chat stays unheld, waiting for the visitor (ROUTE-6).
    await visitorContext.close();
    const subject = { kind: 'visitor', id: chat.id } as const;
    await until(async () => !(await running.deps.presence.isOnline(subject)), 'the visitor socket closed');
    live.deps.clock.advance(defaultRoutingSettings.visitorGoneMs + 1000);
    await visitorGoneSweeper(defaultRoutingSettings).tick(running.deps, live.deps.clock.now());
    const gone = await live.deps.db
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', chat.id)
      .executeTakeFirst();
    expect(gone).toMatchObject({ status: 'offline', assignee_id: null, ai_never: 1 });
    expect(await routeConversation(running.deps, chat.id)).toEqual({ ok: false, code: 'queued' });

    // Morning: an agent signs in and opens Unassigned.
    const agent = await createStaff(live.deps, 'agent');
    const page = await staffPage(agent.cookie, { width: 1280, height: 800 }, 'agent');
    await page.goto(`${running.url}/agent`);
    await page.waitForSelector('html[data-realtime="open"]');
    await page.getByRole('link', { name: /Unassigned/ }).click();
    await page.getByRole('link', { name: /Ana López/ }).click();
    const note = page.getByRole('complementary', { name: 'AI handover summary' });
    await note.waitFor();
    await expect(note.textContent()).resolves.toContain('asked for a person before sharing her roof size');
    await expect(page.locator('.message-ai .message-sender').first().textContent()).resolves.toBe('AI');
    await page.screenshot({ path: `${SCREENSHOTS}/agent-unassigned-note.png`, caret: 'initial' });
    await page.getByRole('button', { name: 'Pick up this chat' }).click();
    await page
      .getByRole('textbox', { name: /message/i })
      .first()
      .waitFor();
    const picked = await live.deps.db
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', chat.id)
      .executeTakeFirst();
    expect(picked).toMatchObject({ assignee_id: agent.id, ai_never: 1 });
    expect(problems).toEqual([]);
  });

  test('the admin AI page on a desktop and a 390 px phone', async () => {
    const admin = await createStaff(live.deps, 'admin');
    for (const [label, viewport] of [
      ['desktop', { width: 1366, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      const page = await staffPage(admin.cookie, viewport, `admin ${label}`);
      await page.goto(`${running.url}/admin/ai`);
      await page.getByRole('heading', { name: 'AI agent', level: 1 }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      await page.screenshot({
        path: `${SCREENSHOTS}/admin-ai-${label}.png`,
        fullPage: true,
        caret: 'initial',
      });
      if (label === 'phone') {
        // The long page in readable slices too.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        for (let y = 0, part = 1; y < height; y += 1400, part++) {
          const clip = { x: 0, y, width: viewport.width, height: Math.min(1400, height - y) };
          const path = `${SCREENSHOTS}/admin-ai-phone-${part}.png`;
          await page.screenshot({ path, fullPage: true, clip, caret: 'initial' });
        }
      }
      // Test connection through the real SDK against the fake, answered in place.
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText(/Connected: claude-haiku-5-5 answered/).waitFor();
      // Replace the key: the field is cleared, the mask changes, the key is never on the page.
      await page.getByLabel('New API key').fill('sk-ant-replaced-key-000011112222');
      await page.getByRole('button', { name: 'Save key' }).click();
      await page.getByText('Key saved.').waitFor();
      const html = await page.content();
      expect(html).not.toContain('sk-ant-replaced-key-000011112222');
      expect(html).toContain('sk-ant-••••2222');
      // Save the settings form (htmx swap in place).
      await page.getByLabel('Replies per chat').fill('30');
      await page.getByRole('button', { name: 'Save AI settings' }).click();
      await page.getByText('Saved. The next chat on every instance follows these settings.').waitFor();
      await page.context().close();
      await saveApiKey(live.deps, admin.id, 'anthropic', AI_TEST_KEY);
    }
    expect(problems).toEqual([]);
  });
});

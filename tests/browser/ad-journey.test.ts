import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server.ts';
import { visitorProject } from '../http/visitor/visitor-support.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { createStaff, makeTestDeps, type TestDeps } from '../support/make-app.ts';
import { ANDROID_CHROME, IPHONE_SAFARI, watchContext } from './support/phones.ts';
import { phonePhoto } from './support/photo.ts';

/**
 * Issue 13, "done when": a phone visitor from a Meta ad lands (utm_* and fbclid in the URL),
 * fills the form, sends a 3 MB photo, chats with an agent, and the agent closes, on an iPhone
 * (Safari) and on an Android phone (Chrome). The visitor touches nothing but the form and the
 * chat; the agent works in the real console. Every page of both sides is watched for CSP
 * violations, console errors and page errors for the whole journey.
 */
const AD_QUERY =
  'utm_source=facebook&utm_medium=paid_social&utm_campaign=diwali_rooftop&utm_content=reel_a&utm_term=solar&fbclid=IwAR2xYzDiwaliReelA';

describeBrowser('the ad journey on a phone (issue 13)', () => {
  let browser: Browser;
  let running: RunningServer;
  let deps: TestDeps;
  let photo: Buffer;

  beforeAll(async () => {
    deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/ad-journey-${process.pid}` } });
    await visitorProject(deps.db, {
      slug: 'rooftop',
      title: 'SunRoof Solar',
      subtitle: 'Rooftop solar, installed in a day',
      welcome_heading: 'Save on every bill',
      welcome_message: 'Tell us where you are and an expert will reply in minutes.',
      form_heading: 'Get a free quote',
      form_description: 'We reply on this page, usually within minutes.',
      accent_color: '#ea580c',
      default_country: 'IN',
    });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
    browser = await launchChromium();
    photo = await phonePhoto(browser, { width: 2800, height: 2100 });
    await mkdir('test-results', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function agentConsole(cookie: string, problems: string[][]): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    problems.push(await watchContext(context, 'agent'));
    const [name = 'sid', value = ''] = cookie.split('=');
    await context.addCookies([{ name, value, url: running.url }]);
    const page = await context.newPage();
    // Headless pages are never focused; the console marks messages read only when it is.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: true });
    // "Close this chat?" is a confirm(): the agent answers OK, as a person would.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${running.url}/agent`);
    await page.waitForSelector('html[data-realtime="open"]');
    return page;
  }

  const journeys: Array<[string, BrowserContextOptions, { os: string; browser: string; name: string }]> = [
    ['iPhone, Safari, 390 px', IPHONE_SAFARI, { os: 'iOS', browser: 'Mobile Safari', name: 'Priya Nair' }],
    [
      'Android, Chrome, 412 px',
      ANDROID_CHROME,
      { os: 'Android', browser: 'Mobile Chrome', name: 'Arjun Mehta' },
    ],
  ];

  for (const [label, profile, expected] of journeys) {
    test(`${label}: lands from a Meta ad, fills the form, sends a 3 MB photo, chats, the agent closes`, async () => {
      const problems: string[][] = [];
      const shot = (page: Page, step: string) =>
        profile === IPHONE_SAFARI
          ? page.screenshot({ path: `test-results/journey-390-${step}.png` })
          : undefined;
      const agent = await createStaff(running.deps, 'agent', { activeLimit: 10 });
      const console = await agentConsole(agent.cookie, problems);

      // The visitor taps the ad.
      const context = await browser.newContext(profile);
      problems.push(await watchContext(context, 'visitor'));
      const page = await context.newPage();
      await page.goto(`${running.url}/p/rooftop?${AD_QUERY}`);
      const start = page.getByRole('button', { name: 'Start chat' });
      await start.waitFor();
      await shot(page, '1-first-load');

      // The form: a number one digit short first, then the right one.
      await page.getByLabel('Your name').tap();
      await page.getByLabel('Your name').fill(expected.name);
      await page.getByLabel('Phone number').tap();
      await page.getByLabel('Phone number').fill('98765 4321');
      await start.tap();
      await page.getByText('This number is not valid for the chosen country.').waitFor();
      await shot(page, '2-validation-error');
      await page.getByLabel('Phone number').fill('98765 43210');
      await page.getByLabel(/Email/).fill(`${expected.name.split(' ')[0]?.toLowerCase()}@example.in`);
      await start.tap();
      const composer = page.getByRole('textbox', { name: 'Message', exact: true });
      await composer.waitFor();

      // The chat reaches the agent's console at once.
      const conversation = await deps.db
        .selectFrom('conversations')
        .selectAll()
        .where('visitor_name', '=', expected.name)
        .executeTakeFirstOrThrow();
      expect(conversation).toMatchObject({ assignee_id: agent.id, visitor_phone: '+919876543210' });
      const row = console.locator(`#conversation-${conversation.id}`);
      await row.getByText(expected.name).waitFor();

      // The visitor writes, then sends a 3 MB photo of the roof with a caption.
      await composer.tap();
      await composer.fill('Hi! How many panels for a 3 BHK rooftop in Pune?');
      await page.getByRole('button', { name: 'Send' }).tap();
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Attach an image' }).tap();
      await (await chooser).setFiles({
        name: 'IMG_20261203_101500.jpg',
        mimeType: 'image/jpeg',
        buffer: photo,
      });
      await page.getByRole('img', { name: 'Attachment to send' }).waitFor();
      await composer.fill('This is the roof');
      await page.getByRole('button', { name: 'Send' }).tap();
      const sentPhoto = page.locator('.vp-msg-mine', { hasText: 'This is the roof' }).getByRole('img', {
        name: 'Image you sent',
      });
      await sentPhoto.waitFor();
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('.vp-msg-mine img.vp-msg-image');
        return img?.complete === true && img.naturalWidth === 2800;
      });

      // The agent opens the chat, sees the question and the photo, and answers.
      await row.locator('a').click();
      await console.locator('.message-body', { hasText: 'How many panels' }).waitFor();
      await console.locator('.message-visitor img').waitFor();
      const reply = console.getByRole('textbox', { name: 'Message' });
      await reply.fill('Namaste! For a 3 BHK, about 8 panels (3.2 kW). I will send a quote today.');
      await reply.press('Enter');
      await page.getByText('about 8 panels (3.2 kW)').waitFor();
      await page.locator('.vp-msg-mine .vp-tick-read').first().waitFor();
      await shot(page, '3-chat-with-photo');

      await composer.fill('Great, thank you!');
      await composer.press('Enter');
      await console.locator('.message-body', { hasText: 'Great, thank you!' }).waitFor();

      // The agent closes the chat; the visitor sees that it has ended.
      await console.getByRole('button', { name: 'Close chat' }).click();
      await console.getByText('This chat has ended.').waitFor();
      await page.getByText('This chat has ended. Send a message to start a new one.').waitFor();

      // The visitor comes back with one more question: a fresh chat under a dated line.
      await composer.fill('One more thing: do you offer EMI?');
      await composer.press('Enter');
      await page.getByRole('separator', { name: /^New conversation, / }).waitFor();
      await page.locator('.vp-msg-mine', { hasText: 'do you offer EMI?' }).waitFor();
      await shot(page, '4-separator-after-close');

      // What the lead carries to the CRM and the ad platforms.
      const touch = await deps.db
        .selectFrom('attributions')
        .selectAll()
        .where('id', '=', conversation.attribution_id ?? '')
        .executeTakeFirstOrThrow();
      expect(touch).toMatchObject({
        utm_source: 'facebook',
        utm_medium: 'paid_social',
        utm_campaign: 'diwali_rooftop',
        utm_content: 'reel_a',
        utm_term: 'solar',
        fbclid: 'IwAR2xYzDiwaliReelA',
        device_type: 'mobile',
        os_name: expected.os,
        browser_name: expected.browser,
      });
      expect(touch.fbc).toMatch(/^fb\.1\.\d+\.IwAR2xYzDiwaliReelA$/);
      const attachment = await deps.db
        .selectFrom('attachments')
        .selectAll()
        .where('conversation_id', '=', conversation.id)
        .executeTakeFirstOrThrow();
      expect(attachment).toMatchObject({ byte_size: photo.byteLength, content_type: 'image/jpeg' });

      await context.close();
      await console.context().close();
      expect(problems.flat()).toEqual([]);
    }, 120_000);
  }
});

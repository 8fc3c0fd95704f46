import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { mkdir } from 'node:fs/promises';
import { type Browser, type BrowserContext, devices, type FrameLocator, type Page } from 'playwright-core';
import { hostStorageKeys, POPUP_INTERVAL_MS } from '../../src/projects/embed-contract.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { visitorProject } from '../http/visitor/visitor-support.ts';
import { openSocket, type TestSocket } from '../realtime/support/ws-client.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { createStaff, makeTestDeps, type TestDeps } from '../support/make-app.ts';
import { type HostSite, hostPage, pixelDifference, startHostSite } from './support/host-site.ts';
import { solidPng } from './support/png.ts';

/**
 * The widget on a customer's site (WID-1..5, WID-7), in Chromium: the host page is another
 * origin (`http://localhost:P2`, the app on `http://127.0.0.1:P`) with its own strict CSP. The
 * bubble survives hostile CSS, a visitor chats with an agent through it, replies raise the unread
 * count while the panel is closed, triggers added later open it, the popup keeps to its 7 hours,
 * a reload resumes the chat through the host's storage, and a site not on the list gets nothing.
 */
describeBrowser('embeddable widget in Chromium', () => {
  let browser: Browser;
  let running: RunningServer;
  let deps: TestDeps;
  let host: HostSite;
  let context: BrowserContext;
  let agentSocket: TestSocket;
  let projectId: string;
  const problems: string[] = [];

  const snippet = (extra = '', project = 'acme') =>
    `<script async src="${running.url}/widget/widget.js" data-project="${project}"${extra}></script>`;

  beforeAll(async () => {
    host = startHostSite();
    deps = await makeTestDeps({ env: { DATA_DIR: `/tmp/widget-browser-${process.pid}` } });
    const project = await visitorProject(deps.db, {
      slug: 'acme',
      is_default: 1,
      title: 'Acme Solar',
      accent_color: '#f97316',
      widget_position: 'bottom-left',
    });
    projectId = project.id;
    await deps.db
      .insertInto('project_origins')
      .values({
        id: deps.ids.next(),
        project_id: project.id,
        origin: host.origin,
        created_at: project.created_at,
      })
      .execute();
    await visitorProject(deps.db, { slug: 'beta', title: 'Beta Bank' }); // allows no host
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });

    // The customer's own strict CSP lets our script, config call and frame in, and nothing inline.
    const csp = {
      'Content-Security-Policy': `default-src 'self'; script-src 'self' ${running.url}; connect-src 'self' ${running.url} ${running.url.replace('http:', 'ws:')}; frame-src ${running.url}; style-src 'self'; img-src 'self'`,
    };
    host.file(
      '/hostile.css',
      `* { all: unset !important; }
div { display: none !important; }
html, body { font-size: 64px !important; line-height: 3 !important; }
button, iframe, svg, span { width: 3px !important; height: 3px !important; background: lime !important; }
livechat-widget { display: none !important; opacity: 0 !important; }`,
      'text/css; charset=utf-8',
    );
    host.page('/bare', hostPage({ title: 'No widget', snippet: '' }), csp);
    host.page('/clean', hostPage({ title: 'Clean page', snippet: snippet() }), csp);
    host.page(
      '/spa',
      hostPage({
        title: 'Single-page site',
        snippet: snippet(),
        head: `<script src="/spa.js" defer></script>`,
      }),
      csp,
    );
    // A site adding its own "Chat with us" button after load, as single-page apps do.
    host.file(
      '/spa.js',
      `setTimeout(() => { const b = document.createElement('button'); b.type = 'button'; b.textContent = 'Talk to sales'; b.setAttribute('data-cp-open', ''); document.querySelector('main').append(b); }, 50);`,
      'text/javascript',
    );
    host.page(
      '/hostile',
      hostPage({
        title: 'Hostile page',
        head: '<link rel="stylesheet" href="/hostile.css">',
        snippet: snippet(),
      }),
      csp,
    );
    host.page('/right', hostPage({ title: 'Right', snippet: snippet(' data-position="bottom-right"') }), csp);
    host.page(
      '/popup',
      hostPage({ title: 'Popup', snippet: snippet(' data-popup="on" data-popup-delay="0"') }),
      csp,
    );
    host.page('/refused', hostPage({ title: 'Not allowed', snippet: snippet('', 'beta') }), csp);

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
  });

  beforeEach(() => {
    problems.length = 0;
  });

  afterAll(async () => {
    agentSocket?.close();
    await context?.close();
    await browser?.close();
    await running?.stop();
    host?.stop();
  });

  /** Console errors and CSP violations anywhere: the host page and the chat frame. */
  function watch(page: Page, allow: RegExp[] = []): Page {
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (allow.some((pattern) => pattern.test(text))) return;
      if (
        message.type() === 'error' ||
        message.type() === 'warning' ||
        /Content Security Policy/i.test(text)
      ) {
        problems.push(`${message.type()}: ${text}`);
      }
    });
    return page;
  }

  const bubble = (page: Page) => page.getByRole('button', { name: /^(Open|Close) chat/ });
  const chatFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat with Acme Solar"]');
  /** The panel's open/close transition has finished (a person sees the end state, so do we). */
  const panelSettled = (page: Page) =>
    page.waitForFunction(
      () => document.querySelector('livechat-widget')?.shadowRoot?.getAnimations().length === 0,
    );

  test('the bubble sits in the project corner and looks the same under hostile CSS', async () => {
    const page = watch(await context.newPage());
    await page.goto(`${host.origin}/clean`);
    await bubble(page).waitFor();
    // The project's corner: bottom left, 20 px from the edges, 60 px round.
    expect(await bubble(page).boundingBox()).toEqual({ x: 20, y: 720, width: 60, height: 60 });
    const clip = { x: 0, y: 680, width: 120, height: 120 };
    const clean = await page.screenshot({ clip });
    // One global (WID-7): window.LiveChat, and nothing else the bare page does not have.
    const globals = () => page.evaluate(() => Object.getOwnPropertyNames(window));
    const withWidget = await globals();
    await page.goto(`${host.origin}/bare`);
    const without = new Set(await globals());
    expect(withWidget.filter((name) => !without.has(name))).toEqual(['LiveChat']);

    await page.goto(`${host.origin}/hostile`);
    await bubble(page).waitFor();
    expect(await bubble(page).boundingBox()).toEqual({ x: 20, y: 720, width: 60, height: 60 });
    const hostile = await page.screenshot({ clip });
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/widget-hostile-page.png' });

    const blank = await context.newPage();
    expect(await pixelDifference(blank, clean, hostile)).toBeLessThan(0.01);
    await blank.close();

    // data-position on the tag wins over the project setting.
    await page.goto(`${host.origin}/right`);
    await bubble(page).waitFor();
    expect(await bubble(page).boundingBox()).toEqual({ x: 1200, y: 720, width: 60, height: 60 });
    await page.close();
    expect(problems).toEqual([]);
  }, 30_000);

  test('a visitor chats with an agent through the widget; replies while closed count as unread', async () => {
    const agent = await createStaff(running.deps, 'agent');
    agentSocket = await openSocket(running.wsUrl, { Cookie: agent.cookie, Origin: running.url });
    const page = watch(await context.newPage());
    // The host site's Meta pixel cookie: the chat's touch carries it (TRACK-3 matching).
    await context.addCookies([
      { name: '_fbp', value: 'fb.1.1700000000000.1234567890', url: host.origin },
      // GA4's cookies too: the frame cannot read them, the host page's loader forwards them.
      { name: '_ga', value: 'GA1.1.1234567890.1700000000', url: host.origin },
      { name: '_ga_AB12CD34', value: 'GS1.1.1764000000.3.1.1764000100.60.0.0', url: host.origin },
    ]);
    await page.goto(`${host.origin}/clean?utm_source=meta&utm_campaign=spring`);
    const unread: number[] = [];
    await page.exposeFunction('recordUnread', (count: number) => unread.push(count));
    await page.evaluate(() => {
      const api = (window as unknown as { LiveChat: { onUnread(cb: (n: number) => void): void } }).LiveChat;
      api.onUnread((n) => (window as unknown as { recordUnread(n: number): void }).recordUnread(n));
    });

    await bubble(page).click();
    const panel = page.getByRole('dialog', { name: 'Chat with Acme Solar' });
    await panel.waitFor();
    const frame = chatFrame(page);
    await frame.getByLabel('Your name').waitFor();
    // Opening the chat starts nothing: the visitor does (Chatwoot #2288).
    expect(await deps.db.selectFrom('conversations').select('id').execute()).toEqual([]);
    // No page header inside the panel, and iOS never zooms: every control is 16 px or more.
    expect(await frame.locator('.vp-header').count()).toBe(0);
    const sizes = await frame
      .locator('input:not([type="hidden"]), select, textarea')
      .evaluateAll((els) => els.map((el) => Number.parseFloat(getComputedStyle(el).fontSize)));
    expect(sizes.length).toBeGreaterThan(3);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);

    await frame.getByLabel('Your name').fill('Ada Lovelace');
    await frame.getByLabel('Country').selectOption('GB');
    await frame.getByLabel('Phone number').fill('07911 123456');
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await frame.getByRole('textbox', { name: 'Message', exact: true }).waitFor();
    const conversation = await deps.db.selectFrom('conversations').selectAll().executeTakeFirstOrThrow();
    expect(conversation).toMatchObject({ status: 'active', assignee_id: agent.id });
    // The chat's marketing touch is the host page, not the frame (VIS-10).
    const touch = await deps.db.selectFrom('attributions').selectAll().executeTakeFirstOrThrow();
    expect(touch).toMatchObject({
      utm_source: 'meta',
      utm_campaign: 'spring',
      referrer: null,
      fbp: 'fb.1.1700000000000.1234567890',
      ga_client_id: '1234567890.1700000000',
      ga_session_id: '1764000000',
    });
    expect(touch.landing_url).toBe(`${host.origin}/clean?utm_source=meta&utm_campaign=spring`);
    // The visitor token went to the host site's own storage (the storage rule, README).
    const keys = hostStorageKeys(projectId);
    expect(await page.evaluate((key) => localStorage.getItem(key), keys.token)).toMatch(
      /^[A-Za-z0-9_-]{43}$/,
    );

    agentSocket.send({ type: 'join', conversationId: conversation.id, afterSeq: 0 });
    const composer = frame.getByRole('textbox', { name: 'Message', exact: true });
    await composer.fill('Hello from the widget');
    await composer.press('Enter');
    await agentSocket.next((f) => JSON.stringify(f).includes('Hello from the widget'));
    // An image, though the frame has no cookie to show it with (fetched with the token header).
    await frame
      .locator('#attach-input')
      .setInputFiles({ name: 'roof.png', mimeType: 'image/png', buffer: solidPng(48, 32) });
    await frame.getByRole('button', { name: 'Send' }).click();
    const chat = page.frames().find((f) => f.url().startsWith(`${running.url}/embed/`));
    await chat?.waitForFunction(
      () => document.querySelector<HTMLImageElement>('.vp-msg-mine img.vp-msg-image')?.naturalWidth === 48,
      undefined,
      { timeout: 5000 },
    );
    // Typing, both ways as on the page.
    agentSocket.send({ type: 'typing', conversationId: conversation.id, typing: true });
    await frame.locator('#typing').waitFor({ state: 'visible' });
    agentSocket.send({
      type: 'send',
      conversationId: conversation.id,
      clientMessageId: 'w-1',
      body: 'Hi Ada!',
    });
    await frame.locator('.vp-msg:not(.vp-msg-mine)', { hasText: 'Hi Ada!' }).waitFor();
    await page.screenshot({ path: 'test-results/widget-open.png', animations: 'disabled' });

    // Closed: the agent's next replies raise the count on the bubble.
    await panel.getByRole('button', { name: 'Close chat' }).click();
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    for (const [i, body] of ['Still there?', 'We can visit on Monday.'].entries()) {
      agentSocket.send({
        type: 'send',
        conversationId: conversation.id,
        clientMessageId: `w-${i + 2}`,
        body,
      });
    }
    await page.getByRole('button', { name: 'Open chat, 2 unread' }).waitFor();
    await page.screenshot({ path: 'test-results/widget-unread.png', animations: 'disabled' });
    // Opening resets it; the visitor reads them (the agent's ticks turn green).
    await bubble(page).click();
    await frame.locator('.vp-msg', { hasText: 'We can visit on Monday.' }).waitFor();
    await page.getByRole('button', { name: 'Close chat' }).first().waitFor();
    expect(unread.at(-1)).toBe(0);
    expect(unread).toContain(2);
    await agentSocket.next((f) => {
      const event = f.event as { type?: string; side?: string; readSeq?: number } | undefined;
      return event?.type === 'receipt.updated' && event.side === 'visitor' && Number(event.readSeq) >= 4;
    });
    expect(problems).toEqual([]);
    await page.close();
  }, 40_000);

  test('a reload resumes the chat through the host page, even when the frame forgot its token', async () => {
    const page = watch(await context.newPage());
    await page.goto(`${host.origin}/clean`);
    // A visitor with a chat gets the frame at once (hidden), so replies count while it is closed.
    await chatFrame(page)
      .locator('.vp-msg', { hasText: 'We can visit on Monday.' })
      .waitFor({ state: 'attached' });
    // Forget everything the frame kept itself, as a browser partitioning or wiping third-party
    // storage would: the host page's copy of the token is all that is left.
    const frame = page.frames().find((f) => f.url().startsWith(`${running.url}/embed/`));
    const kept = await frame?.evaluate(() => {
      try {
        localStorage.clear();
        return 'cleared';
      } catch {
        return 'refused'; // this Chromium refuses third-party storage outright
      }
    });
    expect(['cleared', 'refused']).toContain(kept ?? '');
    await page.reload();
    await bubble(page).click();
    await chatFrame(page).locator('.vp-msg', { hasText: 'We can visit on Monday.' }).waitFor();
    expect(await chatFrame(page).locator('#contact').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  test('a data-cp-open button added after load opens the chat, as does the JS API', async () => {
    const page = watch(await context.newPage());
    await page.goto(`${host.origin}/spa`);
    await page.getByRole('button', { name: 'Talk to sales' }).click();
    await page.getByRole('dialog', { name: 'Chat with Acme Solar' }).waitFor();
    await page.getByRole('button', { name: 'Close chat' }).first().click();
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    await page.evaluate(() => (window as unknown as { LiveChat: { open(): void } }).LiveChat.open());
    await page.getByRole('dialog', { name: 'Chat with Acme Solar' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  test('the popup shows once, not again within 7 hours (its storage key), and again after', async () => {
    const page = watch(await context.newPage());
    const key = hostStorageKeys(projectId).popup;
    const conversations = async () =>
      (await deps.db.selectFrom('conversations').select('id').execute()).length;
    const before = await conversations();
    await page.goto(`${host.origin}/popup`);
    const modal = page.getByRole('dialog', { name: 'Chat with Acme Solar' });
    await modal.waitFor();
    expect(await modal.getAttribute('aria-modal')).toBe('true');
    await panelSettled(page);
    const box = await modal.boundingBox();
    expect(Math.round((box?.x ?? 0) + (box?.width ?? 0) / 2)).toBe(640); // centred
    expect(Math.round((box?.y ?? 0) + (box?.height ?? 0) / 2)).toBe(400);
    await chatFrame(page).locator('#composer-input').waitFor({ state: 'attached' });
    await page.screenshot({ path: 'test-results/widget-popup.png', animations: 'disabled' });
    const shownAt = Number(await page.evaluate((k) => localStorage.getItem(k), key));
    expect(Date.now() - shownAt).toBeLessThan(60_000);
    // Closed stays closed, and the popup started no conversation by itself.
    await modal.getByRole('button', { name: 'Close chat' }).click();
    await page.getByRole('button', { name: /^Open chat/ }).waitFor();
    expect(await conversations()).toBe(before);

    /** The popup's timer (delay 0) was set when the bubble was drawn: one more turn decides it. */
    const settled = async () => {
      await bubble(page).waitFor();
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    };
    const setShownAt = (at: number) =>
      page.evaluate(({ k, v }) => localStorage.setItem(k, v), { k: key, v: String(at) });
    await setShownAt(Date.now() - 6 * 3600_000);
    await page.reload();
    await settled();
    expect(await modal.isVisible()).toBe(false);
    await setShownAt(Date.now() - POPUP_INTERVAL_MS - 60_000);
    await page.reload();
    await modal.waitFor();
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  test('on a phone the panel takes the whole screen and the chat starts there', async () => {
    const { defaultBrowserType: _, ...pixel } = devices['Pixel 7'] ?? {};
    const phone = await browser.newContext({ ...pixel });
    try {
      const page = watch(await phone.newPage());
      await page.goto(`${host.origin}/clean`);
      await bubble(page).click();
      const panel = page.getByRole('dialog', { name: 'Chat with Acme Solar' });
      await panel.waitFor();
      await panelSettled(page);
      const viewport = page.viewportSize();
      expect(await panel.boundingBox()).toEqual({
        x: 0,
        y: 0,
        width: viewport?.width ?? 0,
        height: viewport?.height ?? 0,
      });
      const frame = chatFrame(page);
      await frame.getByLabel('Your name').fill('Grace Hopper');
      await frame.getByLabel('Country').selectOption('US');
      await frame.getByLabel('Phone number').fill('(201) 555-0123');
      await frame.getByRole('button', { name: 'Start chat' }).click();
      await frame.getByRole('textbox', { name: 'Message', exact: true }).waitFor();
      await page.screenshot({ path: 'test-results/widget-phone.png', animations: 'disabled' });
      await panel.getByRole('button', { name: 'Close chat' }).click();
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 30_000);

  test('a site not on the list gets no chat UI, a 403 from the API and a refused WebSocket', async () => {
    const fresh = await browser.newContext();
    try {
      const notices: string[] = [];
      // Expected here: our one notice, the browser's note of the 403s, and the refused frame.
      const page = watch(await fresh.newPage(), [
        /^\[LiveChat\]/,
        /status of 403/,
        /Unexpected response code: 403/,
        /violates the following Content Security Policy directive: "frame-ancestors/,
      ]);
      page.on('console', (message) => {
        if (/^\[LiveChat\]|frame-ancestors/.test(message.text())) notices.push(message.text());
      });
      await page.goto(`${host.origin}/refused`);
      const config = await page.evaluate(async (url) => {
        const res = await fetch(`${url}/widget/config?project=beta`);
        return { status: res.status, body: await res.json() };
      }, running.url);
      expect(config).toEqual({ status: 403, body: { error: 'origin.not_allowed' } });
      await page.waitForFunction(() => document.querySelectorAll('livechat-widget').length === 0);
      expect(notices).toHaveLength(1); // said once, in the host's console
      expect(notices[0]).toContain(`${host.origin} is not an allowed origin of project "beta"`);
      expect(await page.locator('livechat-widget').count()).toBe(0);

      // A beta visitor's real token, used from this site: the visitor API and socket say no.
      const started = await fetch(`${running.url}/p/beta/chat`, {
        method: 'POST',
        headers: { Origin: running.url, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ name: 'Eve', country: 'GB', phone: '07911 123457' }),
      });
      const {
        token = '',
        conversationId,
        projectId: betaId,
      } = (await started.json()) as Record<string, string>;
      const session = await fetch(`${running.url}/p/beta/session`, {
        headers: { Origin: host.origin, 'X-Visitor-Token': token ?? '' },
      });
      expect(session.status).toBe(403);
      const history = await fetch(`${running.url}/api/visitor/conversations/${conversationId}/messages`, {
        headers: { Origin: host.origin, 'X-Visitor-Token': token ?? '' },
      });
      expect(history.status).toBe(403);
      const socket = await page.evaluate(
        ({ ws, project, vt }) =>
          new Promise<string>((resolve) => {
            const s = new WebSocket(`${ws}?project=${project}&vt=${vt}`);
            s.onopen = () => resolve('open');
            s.onclose = (event) => resolve(`closed ${event.code}`);
          }),
        { ws: running.wsUrl, project: betaId, vt: token },
      );
      expect(socket).toBe('closed 1006');
      const upgrade = await fetch(`${running.url}/ws?project=${betaId}&vt=${token}`, {
        headers: {
          Origin: host.origin,
          Upgrade: 'websocket',
          Connection: 'Upgrade',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      expect(upgrade.status).toBe(403);

      // Framing the chat directly from a site not on the list: the browser refuses the frame.
      const evil = startHostSite();
      try {
        evil.page(
          '/frame',
          hostPage({
            title: 'Evil',
            snippet: `<iframe title="stolen" src="${running.url}/embed/acme?host=${encodeURIComponent(host.origin)}"></iframe>`,
          }),
        );
        await page.goto(`${evil.origin}/frame`, { waitUntil: 'load' });
        const framed = page.frames().filter((frame) => frame !== page.mainFrame());
        expect(framed.map((frame) => frame.url().startsWith(running.url))).toEqual([false]);
        expect(notices.filter((text) => text.includes('frame-ancestors'))).toHaveLength(1);
      } finally {
        evil.stop();
      }
      expect(problems).toEqual([]);
    } finally {
      await fresh.close();
    }
  }, 30_000);

  test('PERF-4: the loader is under 10 KB and the first open under 40 KB, gzipped', async () => {
    const fresh = await browser.newContext();
    try {
      const page = watch(await fresh.newPage());
      const loaded: Array<{ url: string; gzipped: number; phase: 'load' | 'open' }> = [];
      let phase: 'load' | 'open' = 'load';
      const pending: Array<Promise<void>> = [];
      page.on('response', (response) => {
        if (!response.url().startsWith(running.url)) return;
        const at = phase;
        pending.push(
          response.body().then(
            (body) =>
              void loaded.push({
                url: response.url(),
                gzipped: Bun.gzipSync(new Uint8Array(body), { level: 9 }).length,
                phase: at,
              }),
            () => undefined,
          ),
        );
      });
      await page.goto(`${host.origin}/clean`);
      await bubble(page).waitFor();
      await Promise.all(pending);
      phase = 'open';
      await bubble(page).click();
      await chatFrame(page).getByLabel('Your name').waitFor();
      await page.waitForLoadState('networkidle');
      await Promise.all(pending);
      const sum = (items: typeof loaded) => items.reduce((total, item) => total + item.gzipped, 0);
      const atLoad = loaded.filter((item) => item.phase === 'load');
      console.log('widget resources (gzipped bytes):');
      for (const item of loaded)
        console.log(`  ${item.phase} ${item.gzipped} ${item.url.replace(running.url, '')}`);
      console.log(`  loader ${sum(atLoad)} B, first open in all ${sum(loaded)} B`);
      expect(atLoad.map((item) => new URL(item.url).pathname).sort()).toEqual([
        '/static/widget/loader.js',
        '/widget/config',
        '/widget/widget.js',
      ]);
      expect(sum(atLoad)).toBeLessThanOrEqual(10 * 1024);
      expect(loaded.some((item) => item.url.includes('/embed/acme'))).toBe(true);
      expect(sum(loaded)).toBeLessThanOrEqual(40 * 1024);
      expect(problems).toEqual([]);
    } finally {
      await fresh.close();
    }
  }, 30_000);
});

import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import type { Selectable } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../src/app.tsx';
import type { AttributionsTable, LeadsTable } from '../../src/db/database.ts';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { makeProject } from '../support/factories.ts';
import { makeTestDeps, type TestDeps } from '../support/make-app.ts';
import { until } from '../support/until.ts';
import { type HostSite, hostPage, type RecordedRequest, startHostSite } from './support/host-site.ts';

/**
 * lead-form.js on a customer's site (WID-6), in Chromium, against the real `POST /api/web-leads`
 * (CRM-1): the host site is on the project's allowed origins, and each lead is read back from the
 * database. Each form posts to the host site's own action, recorded, so the form's own request can
 * be compared with the same page without the script.
 */
type LeadRow = Selectable<LeadsTable> & { touch: Selectable<AttributionsTable> | undefined };

describeBrowser('lead-form.js in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let app: ReturnType<typeof Bun.serve>;
  let appUrl: string;
  let host: HostSite;
  let deps: TestDeps;
  const problems: string[] = [];

  /** The project's web leads, oldest first, with their touch. */
  async function leads(): Promise<LeadRow[]> {
    const rows = await deps.db
      .selectFrom('leads')
      .selectAll()
      .where('source', '=', 'web')
      .orderBy('id')
      .execute();
    return Promise.all(
      rows.map(async (row) => ({
        ...row,
        touch: await deps.db
          .selectFrom('attributions')
          .selectAll()
          .where('id', '=', row.attribution_id ?? '')
          .executeTakeFirst(),
      })),
    );
  }

  /** Resolves once `count` leads are stored (the beacon may land after the page navigated). */
  async function leadsArrived(count: number): Promise<LeadRow[]> {
    await until(async () => (await leads()).length >= count, `${count} web leads`);
    return leads();
  }

  beforeAll(async () => {
    deps = await makeTestDeps();
    const widgetApp = createApp(deps);
    app = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: (req, server) => widgetApp.fetch(req, { server }),
    });
    appUrl = `http://127.0.0.1:${app.port}`;
    host = startHostSite();
    const project = await makeProject(deps.db, { slug: 'acme', default_country: 'US' });
    await deps.db
      .insertInto('project_origins')
      .values({
        id: 'origin-host-site',
        project_id: project.id,
        origin: host.origin,
        created_at: '2026-11-23T10:00:00.000Z',
      })
      .execute();

    const csp = {
      'Content-Security-Policy': `default-src 'self'; script-src 'self' ${appUrl}; connect-src 'self' ${appUrl}; style-src 'self'`,
    };
    const tag = `<script async src="${appUrl}/widget/lead-form.js" data-project="acme"></script>`;
    const contactForm = `<form id="contact" method="post" action="/thanks">
  <label>Full name <input name="full_name" autocomplete="name" required></label>
  <label>Email <input type="email" name="email" required></label>
  <label>Phone <input type="tel" name="phone"></label>
  <label>Message <textarea name="message"></textarea></label>
  <input type="hidden" name="source_page" value="contact">
  <button type="submit">Send</button>
</form>`;
    const searchForm = `<form role="search" action="/search"><label>Search <input type="search" name="q"></label><button>Search</button></form>`;
    const loginForm = `<form id="login" method="post" action="/login"><label>Email <input type="email" name="email"></label><label>Password <input type="password" name="password"></label><button>Sign in</button></form>`;
    const page = (title: string, body: string, extra = '') =>
      hostPage({ title, body, snippet: `${tag}${extra}` });
    host.page('/contact', page('Contact', contactForm), csp);
    host.page('/contact-plain', hostPage({ title: 'Contact', body: contactForm, snippet: '' }), csp);
    host.page('/search-and-login', page('Search', `${searchForm}${loginForm}${contactForm}`), csp);
    // A site's script that submits with form.submit() (no submit event), and one adding a form later.
    host.file(
      '/scripted.js',
      `document.addEventListener('click', (e) => { if (e.target.id === 'go') { e.preventDefault(); document.getElementById('callback').submit(); } });
setTimeout(() => { const f = document.createElement('form'); f.id = 'late'; f.method = 'post'; f.action = '/thanks';
f.innerHTML = '<label>Your e-mail <input name="e-mail"></label><label>Mobile <input name="mobile"></label><button>Join</button>'; document.querySelector('main').append(f); }, 50);`,
      'text/javascript',
    );
    host.page(
      '/scripted',
      page(
        'Call me back',
        `<form id="callback" method="post" action="/thanks"><label>First name <input name="first_name"></label><label>Last name <input name="last_name"></label><label>Telephone <input name="telephone"></label><a href="#" id="go">Call me back</a></form>`,
        '<script src="/scripted.js"></script>',
      ),
      csp,
    );

    browser = await launchChromium();
    context = await browser.newContext();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    app?.stop(true);
    host?.stop();
  });

  beforeEach(async () => {
    await deps.db.deleteFrom('web_lead_receipts').execute();
    await deps.db.deleteFrom('leads').execute();
    host.requests.length = 0;
    problems.length = 0;
  });

  function watch(target: Page): Page {
    target.on('pageerror', (error) => problems.push(error.message));
    target.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/.test(message.text())) {
        problems.push(message.text());
      }
    });
    return target;
  }

  /** Fills the contact form as a person does and submits it; resolves with the host's own request. */
  async function sendContact(target: Page, path: string): Promise<RecordedRequest | undefined> {
    await target.goto(
      `${host.origin}${path}?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=abc123`,
      {
        referer: 'https://www.google.com/',
      },
    );
    const form = target.locator('#contact');
    await form.getByLabel('Full name').fill('Ada Lovelace');
    await form.getByLabel('Email').fill('ada@example.com');
    await form.getByLabel('Phone').fill('+44 7911 123456');
    await form.getByLabel('Message').fill('Please call after 5pm.');
    await Promise.all([
      target.waitForURL(`${host.origin}/thanks`),
      form.getByRole('button', { name: 'Send' }).click(),
    ]);
    return host.requests.find((request) => request.path === '/thanks');
  }

  test('a contact form sends the exact lead and still posts to its own action unchanged', async () => {
    const page = watch(await context.newPage());
    const withoutScript = await sendContact(page, '/contact-plain');
    host.requests.length = 0;
    const withScript = await sendContact(page, '/contact');
    expect(withScript).toEqual(withoutScript as RecordedRequest);
    expect(withScript?.body).toBe(
      'full_name=Ada+Lovelace&email=ada%40example.com&phone=%2B44+7911+123456&message=Please+call+after+5pm.&source_page=contact',
    );
    const arrived = await leadsArrived(1);
    expect(arrived).toHaveLength(1);
    const url = `${host.origin}/contact?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=abc123`;
    expect(arrived[0]).toMatchObject({
      external_key: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown as string,
      name: 'Ada Lovelace',
      phone: '+447911123456',
      email: 'ada@example.com',
      page_url: url,
      form_name: 'contact',
      stage: 'new',
    });
    expect(arrived[0]?.touch).toMatchObject({
      landing_url: url,
      referrer: 'https://www.google.com/',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'brand',
      gclid: 'abc123',
    });
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  test('form.submit() and a form added after load are captured; names are matched by their attributes', async () => {
    const page = watch(await context.newPage());
    await page.goto(`${host.origin}/scripted`);
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hopper');
    await page.getByLabel('Telephone').fill('(201) 555-0123');
    await Promise.all([
      page.waitForURL(`${host.origin}/thanks`),
      page.getByRole('link', { name: 'Call me back' }).click(),
    ]);
    const first = await leadsArrived(1);
    expect(first[0]).toMatchObject({
      name: 'Grace Hopper',
      phone: '+12015550123',
      form_name: 'callback',
      email: null,
    });
    // The second lead comes a minute later: ids sort by creation time, and the test clock is manual.
    deps.clock.advance(60_000);

    await page.goto(`${host.origin}/scripted`);
    await page.getByLabel('Your e-mail').fill('grace@example.com');
    await page.getByLabel('Mobile').fill('2015550124');
    await Promise.all([
      page.waitForURL(`${host.origin}/thanks`),
      page.getByRole('button', { name: 'Join' }).click(),
    ]);
    const both = await leadsArrived(2);
    expect(both[1]).toMatchObject({ email: 'grace@example.com', phone: '+12015550124', form_name: 'late' });
    expect(both).toHaveLength(2);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  test('a search form and a sign-in form send nothing', async () => {
    const page = watch(await context.newPage());
    await page.goto(`${host.origin}/search-and-login`);
    await page.getByLabel('Search').fill('solar panels');
    await Promise.all([
      page.waitForURL(/\/search\?q=solar/),
      page.getByRole('button', { name: 'Search' }).click(),
    ]);
    await page.goto(`${host.origin}/search-and-login`);
    await page.locator('#login').getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill('hunter2');
    await Promise.all([
      page.waitForURL(`${host.origin}/login`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    // A contact form on the same page afterwards: its lead is the only one that ever arrives.
    await sendContact(page, '/search-and-login');
    expect((await leadsArrived(1)).map((lead) => lead.form_name)).toEqual(['contact']);
    expect(host.requests.find((request) => request.path === '/login')?.body).toBe(
      'email=owner%40example.com&password=hunter2',
    );
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});

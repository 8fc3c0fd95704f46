import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../src/app.tsx';
import { describeBrowser, launchChromium } from '../support/browser.ts';
import { makeTestDeps } from '../support/make-app.ts';
import { type HostSite, hostPage, type RecordedRequest, startHostSite } from './support/host-site.ts';

/**
 * lead-form.js on a customer's site (WID-6), in Chromium. The app serves the script; the web-leads
 * endpoint (the CRM's, built beside this) is stood in for by a recorder on the same origin, which
 * keeps exactly what the browser sent. Each form posts to the host site's own action, recorded too,
 * so the form's own request can be compared with the same page without the script.
 */
interface Lead {
  origin: string | null;
  contentType: string;
  fields: Record<string, string>;
}

describeBrowser('lead-form.js in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let app: ReturnType<typeof Bun.serve>;
  let appUrl: string;
  let host: HostSite;
  const leads: Lead[] = [];
  const waiters = new Set<() => void>();
  const problems: string[] = [];

  /** Resolves once `count` leads have arrived (the beacon may land after the page navigated). */
  const leadsArrived = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${leads.length} of ${count} leads arrived`)),
        5000,
      );
      const check = () => {
        if (leads.length < count) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });

  beforeAll(async () => {
    const deps = await makeTestDeps();
    const widgetApp = createApp(deps);
    app = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      async fetch(req, server) {
        if (new URL(req.url).pathname !== '/api/web-leads') return widgetApp.fetch(req, { server });
        leads.push({
          origin: req.headers.get('Origin'),
          contentType: req.headers.get('Content-Type') ?? '',
          fields: Object.fromEntries(new URLSearchParams(await req.text())),
        });
        for (const wake of [...waiters]) wake();
        return new Response(null, { status: 202 });
      },
    });
    appUrl = `http://127.0.0.1:${app.port}`;
    host = startHostSite();

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

  beforeEach(() => {
    leads.length = 0;
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
    await leadsArrived(1);
    expect(leads).toHaveLength(1);
    const [lead] = leads;
    expect(lead?.origin).toBe(host.origin);
    expect(lead?.contentType).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    const url = `${host.origin}/contact?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=abc123`;
    expect(lead?.fields).toEqual({
      client_id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown as string,
      project: 'acme',
      name: 'Ada Lovelace',
      phone: '+44 7911 123456',
      email: 'ada@example.com',
      page_url: url,
      landing_url: url,
      referrer: 'https://www.google.com/',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'brand',
      gclid: 'abc123',
      form: 'contact',
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
    await leadsArrived(1);
    expect(leads[0]?.fields).toMatchObject({
      name: 'Grace Hopper',
      phone: '(201) 555-0123',
      form: 'callback',
    });
    expect(leads[0]?.fields.email).toBeUndefined();

    await page.goto(`${host.origin}/scripted`);
    await page.getByLabel('Your e-mail').fill('grace@example.com');
    await page.getByLabel('Mobile').fill('2015550124');
    await Promise.all([
      page.waitForURL(`${host.origin}/thanks`),
      page.getByRole('button', { name: 'Join' }).click(),
    ]);
    await leadsArrived(2);
    expect(leads[1]?.fields).toMatchObject({ email: 'grace@example.com', phone: '2015550124', form: 'late' });
    expect(leads).toHaveLength(2);
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
    await leadsArrived(1);
    expect(leads.map((lead) => lead.fields.form)).toEqual(['contact']);
    expect(host.requests.find((request) => request.path === '/login')?.body).toBe(
      'email=owner%40example.com&password=hunter2',
    );
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createApp } from '../../../src/app.tsx';
import { captureTouch } from '../../../src/visitors/attribution.ts';
import { makeTestDeps, type TestDeps } from '../../support/make-app.ts';
import { IPHONE_UA, validForm, visitorProject } from './visitor-support.ts';

const LANDING =
  'https://ads.acme.example/p/solar?utm_source=meta&utm_medium=paid_social&utm_campaign=spring_sale' +
  '&utm_term=solar+panels&utm_content=video_a&gclid=Cj0KCQ-gclid&gbraid=0AAAA-gbraid&wbraid=wbraid-1' +
  '&fbclid=IwAR-fbclid-123';

/** A live server on loopback, so the TCP peer (127.0.0.1) is real and can be a trusted proxy. */
describe('attribution at chat start (VIS-10)', () => {
  let deps: TestDeps;
  let server: ReturnType<typeof Bun.serve>;
  let base: string;

  beforeAll(async () => {
    deps = await makeTestDeps({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
    server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: createApp(deps).fetch });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.stop(true));

  async function start(slug: string, headers: Record<string, string>, extra: Record<string, string> = {}) {
    const res = await fetch(`${base}/p/${slug}/chat`, {
      method: 'POST',
      headers: {
        Origin: base,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams({ ...validForm, ...extra }).toString(),
    });
    expect(res.status).toBe(201);
    const { conversationId } = (await res.json()) as { conversationId: string };
    return deps.db
      .selectFrom('conversations')
      .innerJoin('attributions', 'attributions.id', 'conversations.attribution_id')
      .selectAll('attributions')
      .where('conversations.id', '=', conversationId)
      .executeTakeFirstOrThrow();
  }

  test('a phone from a Meta ad with UTM and click ids, via a trusted CDN, stores every field', async () => {
    const project = await visitorProject(deps.db);
    const touch = await start(
      project.slug,
      {
        'User-Agent': IPHONE_UA,
        'Accept-Language': 'en-GB,en;q=0.9',
        Cookie:
          '_fbp=fb.1.1700000000000.1234567890; _ga=GA1.1.1234567890.1700000000; _ga_AB12CD34=GS2.1.s1764000000$o3$g1$t1764000100$j60$l0$h0',
        'X-Forwarded-For': '203.0.113.9',
        'CF-IPCountry': 'GB',
        'CF-Region': 'England',
        'CF-IPCity': 'London',
      },
      {
        landing_url: LANDING,
        referrer: 'https://m.facebook.com/',
        language: 'en-GB',
        connection_type: '4g',
        time_on_page_ms: '12500',
        returning: '0',
      },
    );
    expect(touch).toMatchObject({
      source_domain: 'm.facebook.com',
      referrer: 'https://m.facebook.com/',
      landing_url: LANDING,
      utm_source: 'meta',
      utm_medium: 'paid_social',
      utm_campaign: 'spring_sale',
      utm_term: 'solar panels',
      utm_content: 'video_a',
      gclid: 'Cj0KCQ-gclid',
      gbraid: '0AAAA-gbraid',
      wbraid: 'wbraid-1',
      fbclid: 'IwAR-fbclid-123',
      // fb.<subdomain index>.<click time in ms from the injected clock>.<fbclid>
      fbc: `fb.1.${Date.parse('2026-11-23T10:00:00.000Z')}.IwAR-fbclid-123`,
      fbp: 'fb.1.1700000000000.1234567890',
      // GA4's client id and session from the first-party cookies (TRACK-1).
      ga_client_id: '1234567890.1700000000',
      ga_session_id: '1764000000',
      device_type: 'mobile',
      os_name: 'iOS',
      os_version: '17.4',
      browser_name: 'Mobile Safari',
      browser_version: '17.4',
      language: 'en-GB',
      connection_type: '4g',
      geo_country: 'GB',
      geo_region: 'England',
      geo_city: 'London',
      time_on_page_ms: 12500,
      is_returning: 0,
      user_agent: IPHONE_UA,
    });
    // The client, not the proxy: X-Forwarded-For is honoured because the peer is trusted (SEC-4).
    expect(touch.ip).toBe('203.0.113.9');
  });

  test('CDN geo headers from an untrusted peer are ignored; junk values become null, never an error', async () => {
    const untrusted = await makeTestDeps();
    const local = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: createApp(untrusted).fetch });
    try {
      const project = await visitorProject(untrusted.db);
      const res = await fetch(`http://127.0.0.1:${local.port}/p/${project.slug}/chat`, {
        method: 'POST',
        headers: {
          Origin: `http://127.0.0.1:${local.port}`,
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
          'CF-IPCountry': 'GB',
          'CF-IPCity': 'London',
        },
        body: new URLSearchParams({
          ...validForm,
          landing_url: 'javascript:alert(1)',
          referrer: 'not a url',
          connection_type: 'warp-drive',
          time_on_page_ms: '-5',
          language: '<script>',
        }).toString(),
      });
      expect(res.status).toBe(201);
      const touch = await untrusted.db.selectFrom('attributions').selectAll().executeTakeFirstOrThrow();
      expect(touch).toMatchObject({
        geo_country: null,
        geo_city: null,
        landing_url: null,
        referrer: null,
        connection_type: null,
        time_on_page_ms: null,
        language: null,
        ga_client_id: null,
        ga_session_id: null,
      });
    } finally {
      local.stop(true);
    }
  });

  test('desktop browsers get a device type, and a set _fbc cookie wins over a derived one', () => {
    const touch = captureTouch({
      landingUrl: 'https://acme.example/?fbclid=abc',
      referrer: undefined,
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      language: undefined,
      acceptLanguage: 'de-DE,de;q=0.9',
      connectionType: undefined,
      timeOnPageMs: 999_999_999,
      fbpCookie: undefined,
      fbcCookie: 'fb.1.1699999999999.abc',
      ip: '198.51.100.7',
      trustedHeaders: undefined,
      now: new Date('2026-11-23T10:00:00.000Z'),
    });
    expect(touch).toMatchObject({
      deviceType: 'desktop',
      osName: 'Windows',
      browserName: 'Chrome',
      browserVersion: '131.0.0.0',
      language: 'de-DE',
      fbc: 'fb.1.1699999999999.abc',
      sourceDomain: 'acme.example',
      timeOnPageMs: 86_400_000,
    });
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { makeProject } from '../../support/factories.ts';
import { type FakeGa4, fakeGa4 } from '../../support/fakes/fake-ga4.ts';
import { type FakeMetaGraph, fakeMetaGraph } from '../../support/fakes/fake-meta-graph.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { GA4_ID, GA4_SECRET, META_TOKEN, PIXEL } from './tracking-fixture.ts';

/** The project's conversion tracking page (TRACK-3): settings, secrets never rendered, test events, log. */
const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });

describe('conversion tracking settings (TRACK-3)', () => {
  const clock = manualClock();
  let meta: FakeMetaGraph;
  let ga4: FakeGa4;

  beforeAll(() => {
    meta = fakeMetaGraph({ accessToken: META_TOKEN, pixelId: PIXEL, now: clock.now });
    ga4 = fakeGa4({ measurementId: GA4_ID, apiSecret: GA4_SECRET, now: clock.now });
  });
  afterAll(() => {
    meta.stop();
    ga4.stop();
  });

  async function setup() {
    const { app, deps } = await makeTestApp({
      clock,
      env: { META_GRAPH_URL: meta.url, GA4_MP_URL: ga4.url },
    });
    const admin = await createStaff(deps, 'admin');
    const project = await makeProject(deps.db);
    const path = `/admin/projects/${project.id}/tracking`;
    const stored = () =>
      deps.db.selectFrom('projects').selectAll().where('id', '=', project.id).executeTakeFirstOrThrow();
    const save = (form: Record<string, string>) => postForm(app, path, form, hx(admin.cookie));
    return { app, deps, admin, project, path, stored, save };
  }

  const full = {
    metaPixelId: PIXEL,
    metaAccessToken: META_TOKEN,
    metaTestEventCode: 'TEST4821',
    metaNotQualifiedEvent: '',
    ga4MeasurementId: GA4_ID,
    ga4ApiSecret: GA4_SECRET,
    ga4Side: '',
    defaultCurrency: 'eur',
  };

  test('secrets are sealed, shown as set / not set, kept when blank, removed when cleared, never rendered', async () => {
    const s = await setup();
    const page = await (await s.app.request(s.path, { headers: { Cookie: s.admin.cookie } })).text();
    expect(page).toContain('Access token (not set)');
    expect(page).toContain('API secret (not set)');
    const res = await s.save(full);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Access token (set)');
    expect(html).toContain('API secret (set)');
    expect(html).toContain('the server (Measurement Protocol)');
    expect(html).not.toContain(META_TOKEN);
    expect(html).not.toContain(GA4_SECRET);
    const row = await s.stored();
    expect(row.meta_capi_token).not.toContain(META_TOKEN);
    expect(s.deps.secrets.open(row.meta_capi_token ?? '')).toBe(META_TOKEN);
    expect(s.deps.secrets.open(row.ga4_api_secret ?? '')).toBe(GA4_SECRET);
    expect(row).toMatchObject({
      meta_pixel_id: PIXEL,
      meta_test_event_code: 'TEST4821',
      default_currency: 'EUR',
    });

    const again = await (await s.app.request(s.path, { headers: { Cookie: s.admin.cookie } })).text();
    expect(again).not.toContain(META_TOKEN);
    expect(again).not.toContain(GA4_SECRET);

    await s.save({ ...full, metaAccessToken: '', ga4ApiSecret: '' });
    expect(s.deps.secrets.open((await s.stored()).meta_capi_token ?? '')).toBe(META_TOKEN);
    await s.save({
      ...full,
      metaAccessToken: '',
      ga4ApiSecret: '',
      ga4ApiSecretClear: 'on',
      ga4Side: 'browser',
    });
    const cleared = await s.stored();
    expect(cleared.ga4_api_secret).toBeNull();
    expect(cleared.ga4_side).toBe('browser');
    expect(cleared.meta_capi_token).not.toBeNull();
  });

  test('bad values are refused beside their fields and change nothing', async () => {
    const s = await setup();
    const res = await s.save({
      ...full,
      metaPixelId: 'px-12',
      metaNotQualifiedEvent: 'Lead',
      ga4MeasurementId: 'UA-1234',
      defaultCurrency: 'euro',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('digits only');
    expect(html).toContain('Lead is one of Meta&#39;s standard events');
    expect(html).toContain('G-XXXXXXXXXX');
    expect(html).toContain('three-letter ISO 4217');
    expect(html).not.toContain(META_TOKEN);
    expect((await s.stored()).meta_pixel_id).toBeNull();
  });

  test('test events: Meta with the test event code, GA4 against the validation server', async () => {
    const s = await setup();
    await s.save({ ...full, metaTestEventCode: '' });
    const test = (platform: string) => postForm(s.app, `${s.path}/test`, { platform }, hx(s.admin.cookie));
    expect(await (await test('meta')).text()).toContain('Save a test event code first');
    await s.save(full);
    const before = meta.received.length;
    const sent = await (await test('meta')).text();
    expect(sent).toContain('Meta received the test Lead (code TEST4821)');
    expect(meta.received.slice(before)).toMatchObject([{ event_name: 'Lead', test_event_code: 'TEST4821' }]);
    const validated = await (await test('ga4')).text();
    expect(validated).toContain('found nothing wrong');
    expect(ga4.requests.at(-1)?.path).toBe('/debug/mp/collect');
    expect(validated).not.toContain(GA4_SECRET);
  });

  test('the delivery log lists the project’s events, retries a failed one, and counts the last 24 h', async () => {
    const s = await setup();
    const base = {
      project_id: s.project.id,
      payload: '{}',
      next_attempt_at: '2026-11-23T09:00:00.000Z',
      event_time: '2026-11-23T09:00:00.000Z',
      created_at: '2026-11-23T09:00:00.000Z',
    };
    await s.deps.db
      .insertInto('outbox_events')
      .values([
        {
          ...base,
          id: 'OUTBOX0000000000000000000A',
          destination: 'meta',
          event_id: 'L1.qualified',
          event_name: 'Lead',
          stage: 'qualified',
          status: 'sent',
          last_http_status: 200,
        },
        {
          ...base,
          id: 'OUTBOX0000000000000000000B',
          destination: 'ga4',
          event_id: 'L1.qualified',
          event_name: 'qualify_lead',
          stage: 'qualified',
          status: 'failed',
          last_error: 'Gave up: GA4 answered HTTP 500.',
          last_http_status: 500,
        },
      ])
      .execute();
    const page = await (await s.app.request(s.path, { headers: { Cookie: s.admin.cookie } })).text();
    expect(page).toContain('<strong>1</strong> delivered, <strong>1</strong> failed');
    expect(page).toContain('Gave up: GA4 answered HTTP 500.');
    expect(page).toContain(`${s.path}/events/OUTBOX0000000000000000000B/retry`);
    expect(page).not.toContain(`${s.path}/events/OUTBOX0000000000000000000A/retry`);
    const retry = await postForm(
      s.app,
      `${s.path}/events/OUTBOX0000000000000000000B/retry`,
      {},
      hx(s.admin.cookie),
    );
    expect(await retry.text()).toContain('Queued again');
    const row = await s.deps.db
      .selectFrom('outbox_events')
      .select(['status', 'next_attempt_at'])
      .where('id', '=', 'OUTBOX0000000000000000000B')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', next_attempt_at: clock.now().toISOString() });
    // Another project's admin URL cannot retry this project's events.
    const other = await makeProject(s.deps.db);
    const foreign = await postForm(
      s.app,
      `/admin/projects/${other.id}/tracking/events/OUTBOX0000000000000000000A/retry`,
      {},
      hx(s.admin.cookie),
    );
    expect(await foreign.text()).toContain('not one that failed');
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type MetaSendInput, sendMetaEvents } from '../../../src/tracking/meta-capi.ts';
import { buildMetaServerEvent, type MetaServerEvent } from '../../../src/tracking/meta-event.ts';
import { stageEventId } from '../../../src/tracking/tracking.ts';
import { type FakeMetaGraph, fakeMetaGraph } from '../../support/fakes/fake-meta-graph.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { FBCLID, LEAD_ID, stageEvent } from '../../unit/tracking/stage-event-fixture.ts';

const TOKEN = 'EAAB-test-access-token-0123456789';
const PIXEL = '1234567890123456';
const DAY = 86_400_000;

describe('sending to the Meta Conversions API (fake Graph API on 127.0.0.1)', () => {
  const clock = manualClock('2026-11-23T10:00:00.000Z');
  let meta: FakeMetaGraph;
  let send: (overrides?: Partial<MetaSendInput>) => ReturnType<typeof sendMetaEvents>;

  function event(overrides: Parameters<typeof stageEvent>[0] = {}): MetaServerEvent {
    const built = buildMetaServerEvent(
      stageEvent({ now: clock.now(), occurredAt: clock.now(), ...overrides }),
    );
    if (!built.ok) throw new Error(`${built.field}: ${built.reason}`);
    return built.value;
  }

  beforeAll(() => {
    meta = fakeMetaGraph({ accessToken: TOKEN, pixelId: PIXEL, now: clock.now });
    send = (overrides = {}) =>
      sendMetaEvents({
        baseUrl: meta.url,
        apiVersion: 'v24.0',
        pixelId: PIXEL,
        accessToken: TOKEN,
        events: [event()],
        timeoutMs: 2000,
        ...overrides,
      });
  });
  afterAll(() => meta.stop());

  test('a batch of built events is accepted, test_event_code top-level and the token out of the URL', async () => {
    const converted = event({
      leadId: 'LEADB',
      stage: 'converted',
      eventName: 'Purchase',
      eventId: stageEventId('LEADB', 'converted'),
      value: 1200,
      currency: 'USD',
    });
    const outcome = await send({ events: [event(), converted], testEventCode: 'TEST4821' });
    expect(outcome).toEqual({ ok: true, status: 200, eventsReceived: 2 });

    const request = meta.requests.at(-1);
    expect(request?.path).toBe(`/v24.0/${PIXEL}/events`);
    expect(request?.query).toEqual({});
    expect(request?.body).toMatchObject({ test_event_code: 'TEST4821', access_token: TOKEN });
    const [lead, purchase] = meta.received.slice(-2);
    expect(lead).toMatchObject({
      event_name: 'Lead',
      event_id: `${LEAD_ID}.qualified`,
      test_event_code: 'TEST4821',
      user_data: {
        em: ['973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b'],
        fbc: `fb.1.${new Date('2026-11-20T09:15:00.000Z').getTime()}.${FBCLID}`,
      },
      custom_data: { utm_campaign: 'spring_sale' },
    });
    expect(purchase).toMatchObject({ event_name: 'Purchase', custom_data: { value: 1200, currency: 'USD' } });
  });

  test('one invalid event rejects the whole batch at Meta; our builder refuses it before sending', async () => {
    const before = meta.received.length;
    const eightDaysAgo = new Date(clock.now().getTime() - 8 * DAY);
    const stale = {
      ...event({ leadId: 'LEADC', eventId: 'LEADC.qualified' }),
      event_time: Math.floor(eightDaysAgo.getTime() / 1000),
    };

    const outcome = await send({ events: [event(), stale] });
    expect(outcome).toMatchObject({ ok: false, status: 400, retryable: false });
    if (!outcome.ok) expect(outcome.error).toContain('7 days');
    expect(meta.received.length).toBe(before);

    const refused = buildMetaServerEvent(stageEvent({ occurredAt: eightDaysAgo, now: clock.now() }));
    expect(refused).toMatchObject({ ok: false, field: 'event_time' });
  });

  test('an unhashed email is rejected by Meta, which is why the builder always hashes', async () => {
    const raw = event();
    const unhashed = {
      ...raw,
      user_data: { ...raw.user_data, em: ['test@example.com'] },
    } as unknown as MetaServerEvent;
    expect(await send({ events: [unhashed] })).toMatchObject({ ok: false, status: 400, retryable: false });
  });

  test('the fake refuses each thing Meta refuses, and the whole batch with it', async () => {
    const good = event();
    const nowS = Math.floor(clock.now().getTime() / 1000);
    const { client_user_agent: _ua, ...withoutUa } = good.user_data;
    const broken: Array<[string, Record<string, unknown>]> = [
      ['website without user agent', { ...good, user_data: withoutUa }],
      ['website without page URL', { ...good, event_source_url: undefined }],
      ['fbc not in fb.1.<ms>.<id> form', { ...good, user_data: { ...good.user_data, fbc: FBCLID } }],
      [
        'upper-case hash',
        { ...good, user_data: { ...good.user_data, ph: [good.user_data.ph?.[0]?.toUpperCase()] } },
      ],
      ['event time in the future', { ...good, event_time: nowS + 600 }],
      ['event time not an integer', { ...good, event_time: nowS - 0.5 }],
      ['unknown action source', { ...good, action_source: 'crm' }],
      ['no identifier', { ...good, action_source: 'system_generated', user_data: {} }],
      ['Purchase without currency', { ...good, event_name: 'Purchase', custom_data: { value: 10 } }],
    ];
    for (const [what, bad] of broken) {
      const outcome = await send({ events: [good, bad as unknown as MetaServerEvent] });
      expect({ what, outcome }).toMatchObject({
        what,
        outcome: { ok: false, status: 400, retryable: false },
      });
    }
    expect(meta.requests.slice(-broken.length).every((request) => request.status === 400)).toBe(true);
  });

  test('a wrong token is permanent, with Meta’s message and never the token itself', async () => {
    const outcome = await send({ accessToken: 'EAAB-wrong-token' });
    expect(outcome).toMatchObject({ ok: false, status: 400, retryable: false });
    if (outcome.ok) return;
    expect(outcome.error).toContain('Invalid OAuth access token');
    expect(outcome.error).toContain('code 190');
    expect(outcome.error).not.toContain('EAAB-wrong-token');
  });

  test('a 500 is retryable, and the next attempt goes through', async () => {
    meta.script({ status: 500, body: { error: { message: 'An unknown error occurred', code: 1 } } });
    expect(await send()).toMatchObject({ ok: false, status: 500, retryable: true });
    expect(await send()).toMatchObject({ ok: true, eventsReceived: 1 });
  });

  test('a 429 is retryable, with Retry-After read', async () => {
    meta.script({
      status: 429,
      headers: { 'Retry-After': '7' },
      body: { error: { message: 'Too many calls', code: 4 } },
    });
    expect(await send()).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterMs: 7000 });
  });

  test('a 400 Meta marks transient (throttling, temporary fault) is retryable', async () => {
    meta.script({
      status: 400,
      body: { error: { message: 'Application request limit reached', code: 17, is_transient: true } },
    });
    expect(await send()).toMatchObject({ ok: false, status: 400, retryable: true });
  });

  test('a slow answer is cut off at the timeout and counts as retryable', async () => {
    meta.script({ delayMs: 3000 });
    const started = performance.now();
    const outcome = await send({ timeoutMs: 200 });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(outcome).toEqual({ ok: false, retryable: true, error: 'No answer within 200 ms.' });
  });

  test('no server at all is retryable', async () => {
    const gone = fakeMetaGraph({ accessToken: TOKEN });
    gone.stop();
    const outcome = await send({ baseUrl: gone.url });
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(outcome.ok ? '' : outcome.error).not.toContain(TOKEN);
  });

  test('an empty batch or one over 1000 events is refused without a request', async () => {
    const count = meta.requests.length;
    expect(await send({ events: [] })).toMatchObject({ ok: false, retryable: false });
    const many = Array.from({ length: 1001 }, () => event());
    expect(await send({ events: many })).toMatchObject({ ok: false, retryable: false });
    expect(meta.requests.length).toBe(count);
  });

  test('the fake counts requests per event id, so a resend would show', async () => {
    const id = 'LEADD.qualified';
    await send({ events: [event({ leadId: 'LEADD', eventId: id })] });
    await send({ events: [event({ leadId: 'LEADD', eventId: id })] });
    expect(meta.requestsPerEventId.get(id)).toBe(2);
  });
});

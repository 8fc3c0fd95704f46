import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { buildGa4Event, type Ga4Event, type Ga4Request } from '../../../src/tracking/ga4-event.ts';
import { type Ga4SendInput, sendGa4Events, validateGa4Events } from '../../../src/tracking/ga4-mp.ts';
import { type FakeGa4, fakeGa4 } from '../../support/fakes/fake-ga4.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { LEAD_ID, stageEvent } from '../../unit/tracking/stage-event-fixture.ts';

const MEASUREMENT_ID = 'G-TEST12345';
const SECRET = 'mp-secret-Zq81xY';
const HOUR = 3_600_000;

describe('sending to GA4 Measurement Protocol (fake collect + debug on 127.0.0.1)', () => {
  const clock = manualClock('2026-11-23T10:00:00.000Z');
  let ga4: FakeGa4;
  let credentials: Pick<Ga4SendInput, 'baseUrl' | 'measurementId' | 'apiSecret' | 'timeoutMs'>;

  function request(overrides: Parameters<typeof stageEvent>[0] = {}): Ga4Request {
    const built = buildGa4Event(
      stageEvent({ eventName: 'qualify_lead', now: clock.now(), occurredAt: clock.now(), ...overrides }),
    );
    if (!built.ok) throw new Error(`${built.field}: ${built.reason}`);
    return built.value;
  }

  beforeAll(() => {
    ga4 = fakeGa4({ measurementId: MEASUREMENT_ID, apiSecret: SECRET, now: clock.now });
    credentials = { baseUrl: ga4.url, measurementId: MEASUREMENT_ID, apiSecret: SECRET, timeoutMs: 2000 };
  });
  afterAll(() => ga4.stop());

  test('a built event is collected and passes every validation rule', async () => {
    const outcome = await sendGa4Events({ ...credentials, ...request() });
    expect(outcome).toEqual({ ok: true, status: 204 });
    expect(ga4.problems).toEqual([]);
    const sent = ga4.requests.at(-1);
    expect(sent?.path).toBe('/mp/collect');
    expect(sent?.query).toEqual({ measurement_id: MEASUREMENT_ID, api_secret: SECRET });
    expect(sent?.body).toMatchObject({
      client_id: '1234567890.1700000000',
      timestamp_micros: clock.now().getTime() * 1000,
      events: [{ name: 'qualify_lead', params: { engagement_time_msec: 1, campaign: 'spring_sale' } }],
    });
    expect(ga4.requestsPerEventId.get(`${LEAD_ID}.qualified`)).toBe(1);
  });

  test('a converted lead 71 hours ago is still valid, with value and currency', async () => {
    const occurredAt = new Date(clock.now().getTime() - 71 * HOUR);
    const built = request({
      stage: 'converted',
      eventName: 'close_convert_lead',
      occurredAt,
      value: 80,
      currency: 'EUR',
    });
    expect(await validateGa4Events({ ...credentials, ...built })).toEqual({
      ok: true,
      status: 200,
      messages: [],
    });
  });

  test('the debug endpoint reports what production would drop silently', async () => {
    const events: Ga4Event[] = [
      { name: 'page_view', params: { session_id: '1', engagement_time_msec: 1 } },
      { name: '2bad', params: { _private: 'x', campaign: 'y'.repeat(101) } },
    ];
    const bad = { clientId: '', timestampMicros: (clock.now().getTime() - 73 * HOUR) * 1000, events };
    const validation = await validateGa4Events({ ...credentials, ...bad });
    if (!validation.ok) throw new Error(validation.error);
    expect(validation.messages.map((m) => `${m.fieldPath} ${m.validationCode}`).sort()).toEqual([
      'client_id VALUE_REQUIRED',
      'events NAME_INVALID',
      'events NAME_RESERVED',
      'events[1].params._private NAME_RESERVED',
      'events[1].params.campaign VALUE_OUT_OF_BOUNDS',
      'timestamp_micros VALUE_OUT_OF_BOUNDS',
    ]);

    const before = ga4.problems.length;
    // Production answers 2xx all the same: only the validation catches it.
    expect(await sendGa4Events({ ...credentials, ...bad, clientId: 'x.y' })).toEqual({
      ok: true,
      status: 204,
    });
    expect(ga4.problems.length).toBeGreaterThan(before);
    ga4.problems.length = 0;
  });

  test('over 25 events is refused before sending; 25 parameters pass, 26 are reported', async () => {
    const count = ga4.requests.length;
    const events = Array.from({ length: 26 }, () => ({ name: 'qualify_lead', params: {} }));
    expect(await sendGa4Events({ ...credentials, clientId: 'a.b', events })).toMatchObject({
      ok: false,
      retryable: false,
    });
    expect(ga4.requests.length).toBe(count);

    const params = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`p${i}`, i]));
    const validation = await validateGa4Events({
      ...credentials,
      clientId: 'a.b',
      events: [{ name: 'qualify_lead', params }],
    });
    expect(validation).toMatchObject({ ok: true, messages: [{ validationCode: 'EXCEEDED_MAX_ENTITIES' }] });
  });

  test('a 500 and a 429 are retryable, Retry-After read', async () => {
    ga4.script({ status: 500 }, { status: 429, headers: { 'Retry-After': '30' } });
    expect(await sendGa4Events({ ...credentials, ...request() })).toMatchObject({
      ok: false,
      status: 500,
      retryable: true,
    });
    expect(await sendGa4Events({ ...credentials, ...request() })).toMatchObject({
      ok: false,
      status: 429,
      retryable: true,
      retryAfterMs: 30_000,
    });
  });

  test('a 4xx is permanent', async () => {
    ga4.script({ status: 403 });
    expect(await sendGa4Events({ ...credentials, ...request() })).toMatchObject({
      ok: false,
      status: 403,
      retryable: false,
    });
  });

  test('a slow answer is cut off at the timeout', async () => {
    ga4.script({ delayMs: 3000 });
    const started = performance.now();
    const outcome = await sendGa4Events({ ...credentials, ...request(), timeoutMs: 200 });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(outcome).toEqual({ ok: false, retryable: true, error: 'No answer within 200 ms.' });
  });

  test('a failed connection is retryable and its message never shows the API secret', async () => {
    const gone = fakeGa4({ measurementId: MEASUREMENT_ID, apiSecret: SECRET });
    gone.stop();
    const outcome = await sendGa4Events({ ...credentials, ...request(), baseUrl: gone.url });
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(outcome.ok ? '' : outcome.error).not.toContain(SECRET);
  });
});

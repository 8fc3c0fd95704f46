import { describe, expect, test } from 'bun:test';
import { buildGa4Event, checkGa4Event, clipGa4String } from '../../../src/tracking/ga4-event.ts';
import { pseudoGaClientId } from '../../../src/tracking/identity.ts';
import { LEAD_ID, stageEvent, touch } from './stage-event-fixture.ts';

const HOUR = 3_600_000;
const AT = new Date('2026-11-23T10:00:00.000Z');
const ga4 = (overrides: Parameters<typeof stageEvent>[0] = {}) =>
  stageEvent({ eventName: 'qualify_lead', ...overrides });

function built(input = ga4()) {
  const result = buildGa4Event(input);
  if (!result.ok) throw new Error(`refused: ${result.field}: ${result.reason}`);
  return result.value;
}

describe('a GA4 Measurement Protocol request for a stage event', () => {
  test('uses the _ga client id and the event time in microseconds', () => {
    const request = built();
    expect(request.clientId).toBe('1234567890.1700000000');
    expect(request.timestampMicros).toBe(AT.getTime() * 1000);
    expect(request.events).toHaveLength(1);
  });

  test('the event has session_id, engagement_time_msec ≥ 1, the shared event id and the UTM as parameters', () => {
    const [event] = built().events;
    expect(event).toEqual({
      name: 'qualify_lead',
      params: {
        session_id: '1763630100',
        engagement_time_msec: 1,
        event_id: `${LEAD_ID}.qualified`,
        lead_stage: 'qualified',
        campaign: 'spring_sale',
        source: 'meta',
        medium: 'paid_social',
        content: 'video_a',
      },
    });
  });

  test('close_convert_lead carries value and currency', () => {
    const request = built(
      ga4({ stage: 'converted', eventName: 'close_convert_lead', value: 250, currency: 'EUR' }),
    );
    expect(request.events[0]?.params).toMatchObject({ value: 250, currency: 'EUR' });
  });

  test('a lead without _ga gets the stable pseudo id of its lead; without a session cookie, a session of its own', () => {
    const request = built(ga4({ touch: touch({ gaClientId: null, gaSessionId: null }) }));
    expect(request.clientId).toBe(pseudoGaClientId(LEAD_ID));
    expect(request.events[0]?.params.session_id).toBe(String(AT.getTime() / 1000));
  });
});

describe('GA4’s 72-hour limit, with explicit times', () => {
  test('an event 71 hours old is sent with its own time', () => {
    const occurredAt = new Date(AT.getTime() - 71 * HOUR);
    expect(built(ga4({ occurredAt, now: AT })).timestampMicros).toBe(occurredAt.getTime() * 1000);
  });

  test('an event older than 72 hours (less our margin) is refused', () => {
    const occurredAt = new Date(AT.getTime() - 72 * HOUR + 60_000);
    expect(buildGa4Event(ga4({ occurredAt, now: AT }))).toMatchObject({
      ok: false,
      field: 'timestamp_micros',
    });
  });

  test('an event in the future is refused', () => {
    const occurredAt = new Date(AT.getTime() + HOUR);
    expect(buildGa4Event(ga4({ occurredAt, now: AT }))).toMatchObject({
      ok: false,
      field: 'timestamp_micros',
    });
  });
});

describe('GA4’s naming and size limits', () => {
  test('string values are cut to 100 characters, never splitting an emoji', () => {
    const long = 'x'.repeat(150);
    const [event] = built(ga4({ touch: touch({ utmCampaign: long }) })).events;
    expect(event?.params.campaign).toBe('x'.repeat(100));
    expect(clipGa4String(`${'a'.repeat(99)}😀tail`)).toBe('a'.repeat(99));
    expect(clipGa4String('short')).toBe('short');
  });

  test('a bad event or parameter name is refused, not sent to be dropped silently', () => {
    expect(checkGa4Event({ name: '1lead', params: {} })).toMatchObject({ ok: false, field: 'events.name' });
    expect(checkGa4Event({ name: 'a'.repeat(41), params: {} })).toMatchObject({
      ok: false,
      field: 'events.name',
    });
    expect(checkGa4Event({ name: 'qualify_lead', params: { 'bad-name': 'x' } })).toMatchObject({
      ok: false,
      field: 'events.params.bad-name',
    });
  });

  test('more than 25 parameters is refused', () => {
    const params = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`p${i}`, i]));
    expect(checkGa4Event({ name: 'qualify_lead', params })).toMatchObject({
      ok: false,
      field: 'events.params',
    });
    const exactly25 = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`p${i}`, i]));
    expect(checkGa4Event({ name: 'qualify_lead', params: exactly25 }).ok).toBe(true);
  });
});

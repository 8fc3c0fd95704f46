import { describe, expect, test } from 'bun:test';
import { buildMetaServerEvent } from '../../../src/tracking/meta-event.ts';
import { CAPTURED_AT, FBCLID, IPHONE_UA, LEAD_ID, stageEvent, touch } from './stage-event-fixture.ts';

const DAY = 86_400_000;
const MIN = 60_000;
const AT = new Date('2026-11-23T10:00:00.000Z');

function built(input = stageEvent()) {
  const result = buildMetaServerEvent(input);
  if (!result.ok) throw new Error(`refused: ${result.field}: ${result.reason}`);
  return result.value;
}

describe('a Meta server event from a chat lead', () => {
  test('has Meta’s fields: name, time in seconds, id, website source and the landing page', () => {
    const event = built();
    expect(event.event_name).toBe('Lead');
    expect(event.event_time).toBe(Math.floor(AT.getTime() / 1000));
    expect(event.event_id).toBe(`${LEAD_ID}.qualified`);
    expect(event.action_source).toBe('website');
    expect(event.event_source_url).toStartWith('https://acme.example/p/solar?');
  });

  test('hashes email and phone, and leaves fbc, fbp, IP and user agent as they are', () => {
    expect(built().user_data).toEqual({
      em: ['973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b'],
      ph: ['758fbf68945f21c416814c539ab578876c8d98fb69e6da692def92cd52417fe0'],
      fbc: `fb.1.${CAPTURED_AT.getTime()}.${FBCLID}`,
      fbp: 'fb.1.1700000000000.1234567890',
      client_ip_address: '203.0.113.9',
      client_user_agent: IPHONE_UA,
    });
  });

  test('carries the stage and the campaign in custom_data', () => {
    expect(built().custom_data).toEqual({
      lead_stage: 'qualified',
      utm_source: 'meta',
      utm_medium: 'paid_social',
      utm_campaign: 'spring_sale',
      utm_content: 'video_a',
    });
  });

  test('a Purchase carries value and currency', () => {
    const event = built(
      stageEvent({
        stage: 'converted',
        eventName: 'Purchase',
        eventId: `${LEAD_ID}.converted`,
        value: 1499.5,
        currency: 'USD',
      }),
    );
    expect(event.custom_data).toMatchObject({ lead_stage: 'converted', value: 1499.5, currency: 'USD' });
  });

  test('a Purchase without a value is refused: Meta rejects it', () => {
    const result = buildMetaServerEvent(stageEvent({ stage: 'converted', eventName: 'Purchase' }));
    expect(result).toMatchObject({ ok: false, field: 'value' });
  });

  test('value and currency come as a pair, the currency as an ISO code', () => {
    expect(buildMetaServerEvent(stageEvent({ value: 10, currency: null }))).toMatchObject({
      ok: false,
      field: 'currency',
    });
    expect(buildMetaServerEvent(stageEvent({ value: 10, currency: 'usd' }))).toMatchObject({
      ok: false,
      field: 'currency',
    });
    expect(buildMetaServerEvent(stageEvent({ value: -1, currency: 'USD' }))).toMatchObject({
      ok: false,
      field: 'value',
    });
    expect(buildMetaServerEvent(stageEvent({ value: null, currency: 'USD' }))).toMatchObject({
      ok: false,
      field: 'value',
    });
  });

  test('an invalid fbc, fbp or IP is left out rather than sent for Meta to reject the batch', () => {
    const event = built(stageEvent({ touch: touch({ fbc: 'IwAR-not-an-fbc', fbp: 'junk', ip: 'unknown' }) }));
    expect(event.user_data.fbc).toBeUndefined();
    expect(event.user_data.fbp).toBeUndefined();
    expect(event.user_data.client_ip_address).toBeUndefined();
  });
});

describe('Meta’s time window, with explicit times', () => {
  test('an event 7 days minus 6 minutes old is still sent, with its own time', () => {
    const occurredAt = new Date(AT.getTime() - 7 * DAY + 6 * MIN);
    expect(built(stageEvent({ occurredAt, now: AT })).event_time).toBe(
      Math.floor(occurredAt.getTime() / 1000),
    );
  });

  test('an event older than 7 days (less our 5-minute margin) is refused', () => {
    const occurredAt = new Date(AT.getTime() - 7 * DAY + 4 * MIN);
    expect(buildMetaServerEvent(stageEvent({ occurredAt, now: AT }))).toMatchObject({
      ok: false,
      field: 'event_time',
    });
    const weekOld = new Date(AT.getTime() - 7 * DAY - 1000);
    expect(buildMetaServerEvent(stageEvent({ occurredAt: weekOld, now: AT }))).toMatchObject({
      ok: false,
      field: 'event_time',
    });
  });

  test('an event from the future is refused; a few seconds of clock skew is sent as now', () => {
    const future = new Date(AT.getTime() + 2 * MIN);
    expect(buildMetaServerEvent(stageEvent({ occurredAt: future, now: AT }))).toMatchObject({
      ok: false,
      field: 'event_time',
    });
    const skewed = new Date(AT.getTime() + 3000);
    expect(built(stageEvent({ occurredAt: skewed, now: AT })).event_time).toBe(
      Math.floor(AT.getTime() / 1000),
    );
  });
});

describe('what a website event needs', () => {
  test('the visitor’s user agent', () => {
    const result = buildMetaServerEvent(stageEvent({ touch: touch({ userAgent: null }) }));
    expect(result).toMatchObject({ ok: false, field: 'user_data.client_user_agent' });
  });

  test('the page URL', () => {
    const result = buildMetaServerEvent(stageEvent({ touch: touch({ landingUrl: null }) }));
    expect(result).toMatchObject({ ok: false, field: 'event_source_url' });
    const notHttp = buildMetaServerEvent(stageEvent({ touch: touch({ landingUrl: 'javascript:alert(1)' }) }));
    expect(notHttp).toMatchObject({ ok: false, field: 'event_source_url' });
  });
});

describe('an offline import', () => {
  const imported = touch({ landingUrl: null, userAgent: null, ip: null, fbp: null, fbc: null, fbclid: null });

  test('is system_generated, with no page URL, and matches on contact data', () => {
    const event = built(
      stageEvent({ origin: 'import', touch: imported, phone: '07911 123456', phoneCountry: 'GB' }),
    );
    expect(event.action_source).toBe('system_generated');
    expect(event.event_source_url).toBeUndefined();
    expect(event.user_data.ph).toEqual(['40b5c38342a9c584ec707e8679b003f8c779c6aaa138c976ef94e049cc05208f']);
  });

  test('with nothing to match on is refused', () => {
    const result = buildMetaServerEvent(
      stageEvent({ origin: 'import', touch: imported, email: null, phone: 'n/a' }),
    );
    expect(result).toMatchObject({ ok: false, field: 'user_data' });
  });

  test('with only a click id is sent', () => {
    const clickOnly = { ...imported, fbc: `fb.1.1700000000000.${FBCLID}` };
    const event = built(stageEvent({ origin: 'import', touch: clickOnly, email: null, phone: null }));
    expect(event.user_data).toEqual({ fbc: `fb.1.1700000000000.${FBCLID}` });
  });
});

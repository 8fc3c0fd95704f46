import { describe, expect, test } from 'bun:test';
import { buildDataLayerEvent, type DataLayerInput } from '../../../src/tracking/data-layer.ts';
import { buildMetaServerEvent } from '../../../src/tracking/meta-event.ts';
import { stageEventId } from '../../../src/tracking/tracking.ts';
import { CAPTURED_AT, FBCLID, LEAD_ID, stageEvent, touch } from './stage-event-fixture.ts';

function input(overrides: Partial<DataLayerInput> = {}): DataLayerInput {
  return {
    leadId: LEAD_ID,
    stage: 'qualified',
    firstTime: true,
    project: { id: 'p1', name: 'Solar' },
    agent: { id: 'u7', name: 'Asha' },
    email: ' Test@Example.com',
    phone: '+14155552671',
    phoneCountry: null,
    value: null,
    currency: null,
    touch: touch({ gclid: 'Cj0KCQ-gclid' }),
    config: { metaNotQualifiedEventName: 'LeadDisqualified', ga4Side: 'server' },
    ...overrides,
  };
}

describe('the dataLayer event of a stage change', () => {
  test('carries stage, project, agent, campaign, click ids and the server-computed hashes', () => {
    expect(buildDataLayerEvent(input())).toEqual({
      event: 'lead_stage_changed',
      event_id: `${LEAD_ID}.qualified`,
      first_time: true,
      stage: 'qualified',
      meta_event_name: 'Lead',
      ga4_event_name: 'qualify_lead',
      ga4_from_browser: false,
      project_id: 'p1',
      project_name: 'Solar',
      agent_id: 'u7',
      agent_name: 'Asha',
      utm_source: 'meta',
      utm_medium: 'paid_social',
      utm_campaign: 'spring_sale',
      utm_term: null,
      utm_content: 'video_a',
      gclid: 'Cj0KCQ-gclid',
      gbraid: null,
      wbraid: null,
      fbclid: FBCLID,
      fbc: `fb.1.${CAPTURED_AT.getTime()}.${FBCLID}`,
      value: null,
      currency: null,
      email_sha256: '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b',
      phone_sha256: '758fbf68945f21c416814c539ab578876c8d98fb69e6da692def92cd52417fe0',
    });
  });

  test('has the same event_id and Meta event name as the server event, so Meta pairs them', () => {
    const browser = buildDataLayerEvent(input());
    const server = buildMetaServerEvent(stageEvent({ eventId: stageEventId(LEAD_ID, 'qualified') }));
    if (!server.ok) throw new Error(server.reason);
    expect(browser.event_id).toBe(server.value.event_id);
    expect(browser.meta_event_name).toBe(server.value.event_name);
    expect(browser.email_sha256).toBe(server.value.user_data.em?.[0] ?? 'missing');
  });

  test('Converted carries value and currency; Not Qualified names the configured custom event', () => {
    const converted = buildDataLayerEvent(input({ stage: 'converted', value: 99, currency: 'GBP' }));
    expect(converted).toMatchObject({ meta_event_name: 'Purchase', value: 99, currency: 'GBP' });
    const lost = buildDataLayerEvent(
      input({
        stage: 'not_qualified',
        config: { metaNotQualifiedEventName: 'JunkLead', ga4Side: 'browser' },
      }),
    );
    expect(lost).toMatchObject({
      meta_event_name: 'JunkLead',
      ga4_event_name: 'disqualify_lead',
      ga4_from_browser: true,
    });
  });

  test('a re-entered stage is marked, so tags can stay quiet like the server does', () => {
    expect(buildDataLayerEvent(input({ firstTime: false })).first_time).toBe(false);
  });

  test('no contact data gives null hashes', () => {
    const event = buildDataLayerEvent(input({ email: null, phone: null }));
    expect(event.email_sha256).toBeNull();
    expect(event.phone_sha256).toBeNull();
  });
});

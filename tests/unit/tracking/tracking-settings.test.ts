import { describe, expect, test } from 'bun:test';
import {
  buildDataLayerEvent,
  DATA_LAYER_HX_EVENT,
  dataLayerTrigger,
} from '../../../src/tracking/data-layer.ts';
import { effectiveGa4Side, trackingConfigOf } from '../../../src/tracking/tracking-settings.ts';
import { touch } from './stage-event-fixture.ts';

const none = {
  metaPixelId: null,
  metaCapiToken: null,
  metaTestEventCode: null,
  metaNotQualifiedEvent: null,
  ga4MeasurementId: null,
  ga4ApiSecret: null,
  ga4Side: null,
  defaultCurrency: null,
};

describe('a project’s tracking settings → TrackingConfig (docs/decisions/0023)', () => {
  test('GA4 comes from one side: server once the secret is set, else the browser; server without credentials is none', () => {
    expect(effectiveGa4Side(none)).toBe('browser');
    const ready = { ...none, ga4MeasurementId: 'G-ABC1234', ga4ApiSecret: 'sealed' };
    expect(effectiveGa4Side(ready)).toBe('server');
    expect(effectiveGa4Side({ ...ready, ga4Side: 'browser' })).toBe('browser');
    expect(effectiveGa4Side({ ...ready, ga4Side: 'none' })).toBe('none');
    expect(effectiveGa4Side({ ...none, ga4Side: 'server' })).toBe('none');
    expect(effectiveGa4Side({ ...ready, ga4Side: 'bogus' })).toBe('server');
  });

  test('Meta is on with a pixel id and a token; the Not Qualified name defaults to LeadDisqualified', () => {
    expect(trackingConfigOf(none)).toEqual({
      metaServer: false,
      metaNotQualifiedEventName: 'LeadDisqualified',
      ga4Side: 'browser',
    });
    expect(
      trackingConfigOf({
        ...none,
        metaPixelId: '123',
        metaCapiToken: 'sealed',
        metaNotQualifiedEvent: 'Junk',
      }),
    ).toMatchObject({ metaServer: true, metaNotQualifiedEventName: 'Junk' });
    expect(trackingConfigOf({ ...none, metaPixelId: '123' }).metaServer).toBe(false);
  });
});

describe('the HX-Trigger carrying the dataLayer event', () => {
  test('is ASCII (a header value) and parses back to the same event, beside the other triggers', () => {
    const event = buildDataLayerEvent({
      leadId: 'LEAD1',
      stage: 'qualified',
      firstTime: true,
      project: { id: 'P1', name: 'Énergie Solaire 太陽 🌞' },
      agent: { id: 'A1', name: 'Zoë' },
      email: 'a@example.com',
      phone: null,
      phoneCountry: null,
      value: null,
      currency: null,
      touch: touch(),
      config: { metaNotQualifiedEventName: 'LeadDisqualified', ga4Side: 'server' },
    });
    const header = dataLayerTrigger(event, ['chats-changed']);
    expect(/^[\x20-\x7e]*$/.test(header)).toBe(true);
    const parsed = JSON.parse(header);
    expect(parsed['chats-changed']).toBe(true);
    expect(parsed[DATA_LAYER_HX_EVENT]).toEqual(event);
    expect(parsed[DATA_LAYER_HX_EVENT].project_name).toBe('Énergie Solaire 太陽 🌞');
  });
});

import { buildFbc } from '../../../src/tracking/identity.ts';
import type { LeadTouch, StageEventInput } from '../../../src/tracking/tracking.ts';

export const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

export const LEAD_ID = '01JDX7Q0M3B8Z9K4W2R6T5Y1HN';
/** The fbclid as Meta puts it in the ad's URL: mixed case, which must survive untouched. */
export const FBCLID = 'IwAR2F4-xbQ_mYcAseTest9Zz';
export const CAPTURED_AT = new Date('2026-11-20T09:15:00.000Z');

export function touch(overrides: Partial<LeadTouch> = {}): LeadTouch {
  return {
    landingUrl: `https://acme.example/p/solar?utm_source=meta&utm_campaign=spring_sale&fbclid=${FBCLID}`,
    utmSource: 'meta',
    utmMedium: 'paid_social',
    utmCampaign: 'spring_sale',
    utmTerm: null,
    utmContent: 'video_a',
    gclid: null,
    gbraid: null,
    wbraid: null,
    fbclid: FBCLID,
    fbc: buildFbc(FBCLID, CAPTURED_AT.getTime()),
    fbp: 'fb.1.1700000000000.1234567890',
    gaClientId: '1234567890.1700000000',
    gaSessionId: '1763630100',
    ip: '203.0.113.9',
    userAgent: IPHONE_UA,
    ...overrides,
  };
}

/** A chat lead marked Qualified at `occurredAt`, built at `now` (both default to one instant). */
export function stageEvent(overrides: Partial<StageEventInput> = {}): StageEventInput {
  const occurredAt = overrides.occurredAt ?? new Date('2026-11-23T10:00:00.000Z');
  return {
    leadId: LEAD_ID,
    stage: 'qualified',
    eventName: 'Lead',
    eventId: `${LEAD_ID}.qualified`,
    occurredAt,
    now: occurredAt,
    origin: 'chat',
    email: '  Test@Example.com ',
    phone: '+14155552671',
    phoneCountry: null,
    value: null,
    currency: null,
    touch: touch(),
    ...overrides,
  };
}

import { describe, expect, test } from 'bun:test';
import {
  checkMetaCustomEventName,
  DEFAULT_META_NOT_QUALIFIED_EVENT,
  eventsToSend,
  type LeadStageName,
  type PlatformEvent,
  stageEventId,
  type TrackingConfig,
} from '../../../src/tracking/tracking.ts';

const both: TrackingConfig = {
  metaServer: true,
  metaNotQualifiedEventName: DEFAULT_META_NOT_QUALIFIED_EVENT,
  ga4Side: 'server',
};

/** Walks a lead through stages the way the outbox would: what each change queues is then "sent". */
function walk(stages: LeadStageName[], config: TrackingConfig = both): PlatformEvent[][] {
  const sent: PlatformEvent[] = [];
  return stages.map((stage) => {
    const queued = eventsToSend(sent, stage, config);
    sent.push(...queued);
    return queued;
  });
}

describe('stage → platform events', () => {
  test('Qualified is Meta Lead and GA4 qualify_lead', () => {
    expect(eventsToSend([], 'qualified', both)).toEqual([
      { platform: 'meta', eventName: 'Lead' },
      { platform: 'ga4', eventName: 'qualify_lead' },
    ]);
  });

  test('Not Qualified is the configured Meta custom event and GA4 disqualify_lead', () => {
    expect(eventsToSend([], 'not_qualified', both)).toEqual([
      { platform: 'meta', eventName: 'LeadDisqualified' },
      { platform: 'ga4', eventName: 'disqualify_lead' },
    ]);
    const custom = { ...both, metaNotQualifiedEventName: 'JunkLead' };
    expect(eventsToSend([], 'not_qualified', custom)[0]).toEqual({ platform: 'meta', eventName: 'JunkLead' });
  });

  test('Converted is Meta Purchase and GA4 close_convert_lead', () => {
    expect(eventsToSend([], 'converted', both)).toEqual([
      { platform: 'meta', eventName: 'Purchase' },
      { platform: 'ga4', eventName: 'close_convert_lead' },
    ]);
  });

  test('New sends nothing, nor does a value that is no stage', () => {
    expect(eventsToSend([], 'new', both)).toEqual([]);
    expect(eventsToSend([], 'toString' as LeadStageName, both)).toEqual([]);
  });

  test('only configured platforms; GA4 from the server only when the project chose the server side', () => {
    expect(eventsToSend([], 'qualified', { ...both, metaServer: false })).toEqual([
      { platform: 'ga4', eventName: 'qualify_lead' },
    ]);
    expect(eventsToSend([], 'qualified', { ...both, ga4Side: 'browser' })).toEqual([
      { platform: 'meta', eventName: 'Lead' },
    ]);
    expect(eventsToSend([], 'qualified', { ...both, metaServer: false, ga4Side: 'none' })).toEqual([]);
  });
});

describe('a stage changed back and forth: each platform event at most once per lead, ever', () => {
  test('Qualified → New → Qualified sends one Lead and one qualify_lead in all', () => {
    const [first, back, again] = walk(['qualified', 'new', 'qualified']);
    expect(first).toHaveLength(2);
    expect(back).toEqual([]);
    expect(again).toEqual([]);
  });

  test('Qualified → Not Qualified → Qualified → Converted sends each event once', () => {
    const queued = walk(['qualified', 'not_qualified', 'qualified', 'converted', 'not_qualified']).flat();
    expect(queued.map((event) => `${event.platform}:${event.eventName}`)).toEqual([
      'meta:Lead',
      'ga4:qualify_lead',
      'meta:LeadDisqualified',
      'ga4:disqualify_lead',
      'meta:Purchase',
      'ga4:close_convert_lead',
    ]);
  });

  test('a platform switched on later still gets the event the other platform already had', () => {
    const sentToMetaOnly: PlatformEvent[] = [{ platform: 'meta', eventName: 'Lead' }];
    expect(eventsToSend(sentToMetaOnly, 'qualified', both)).toEqual([
      { platform: 'ga4', eventName: 'qualify_lead' },
    ]);
  });

  test('renaming the Not Qualified event makes the new name a new event', () => {
    const sent: PlatformEvent[] = [{ platform: 'meta', eventName: 'LeadDisqualified' }];
    const renamed = { ...both, ga4Side: 'none' as const, metaNotQualifiedEventName: 'JunkLead' };
    expect(eventsToSend(sent, 'not_qualified', renamed)).toEqual([
      { platform: 'meta', eventName: 'JunkLead' },
    ]);
  });
});

describe('event ids', () => {
  test('one id per lead and stage, the same whichever side computes it', () => {
    expect(stageEventId('01JDX7Q0M3B8Z9K4W2R6T5Y1HN', 'qualified')).toBe(
      '01JDX7Q0M3B8Z9K4W2R6T5Y1HN.qualified',
    );
    expect(stageEventId('01JDX7Q0M3B8Z9K4W2R6T5Y1HN', 'converted')).not.toBe(
      stageEventId('01JDX7Q0M3B8Z9K4W2R6T5Y1HN', 'qualified'),
    );
  });
});

describe('the Not Qualified custom event name', () => {
  test('letters, digits and underscores, starting with a letter, up to 40', () => {
    expect(checkMetaCustomEventName('LeadDisqualified')).toBeUndefined();
    expect(checkMetaCustomEventName('Junk_Lead_2')).toBeUndefined();
    for (const bad of ['', '2Lead', 'Lead Disqualified', 'a'.repeat(41), 'Lead-x']) {
      expect(checkMetaCustomEventName(bad)).toBeString();
    }
  });

  test('cannot be one of Meta’s standard events', () => {
    expect(checkMetaCustomEventName('Lead')).toContain('standard');
    expect(checkMetaCustomEventName('Purchase')).toContain('standard');
  });
});

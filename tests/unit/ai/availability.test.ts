import { describe, expect, test } from 'bun:test';
import type { AvailabilityRules, TimeWindow, Weekday } from '../../../src/ai/ai.ts';
import { isAiAvailable, localClock, parseWindowList } from '../../../src/ai/availability.ts';

const week = (days: Partial<Record<Weekday, TimeWindow[]>>): AvailabilityRules['weekly'] => ({
  mon: [],
  tue: [],
  wed: [],
  thu: [],
  fri: [],
  sat: [],
  sun: [],
  ...days,
});
const hours = (timeZone: string, days: Partial<Record<Weekday, TimeWindow[]>>): AvailabilityRules => ({
  mode: 'hours',
  timeZone,
  weekly: week(days),
});
const at = (rules: AvailabilityRules, iso: string) => isAiAvailable(rules, new Date(iso));
const nineToFive = [{ from: '09:00', to: '17:00' }];

describe('isAiAvailable (AI-1 availability rules)', () => {
  test('24/7 is always available, whatever the windows say', () => {
    expect(at({ mode: 'always', timeZone: 'Europe/Berlin', weekly: week({}) }, '2026-11-22T03:00:00Z')).toBe(
      true,
    );
  });

  test('an ordinary winter Monday in Berlin (UTC+1): from inclusive, to exclusive, at minute resolution', () => {
    const rules = hours('Europe/Berlin', { mon: nineToFive });
    expect(at(rules, '2026-11-23T07:59:59Z')).toBe(false); // 08:59:59 local
    expect(at(rules, '2026-11-23T08:00:00Z')).toBe(true); // 09:00
    expect(at(rules, '2026-11-23T15:59:59Z')).toBe(true); // 16:59:59
    expect(at(rules, '2026-11-23T16:00:00Z')).toBe(false); // 17:00
  });

  test('spring-forward day (Sunday 29 March 2026): 09:00-17:00 follows the wall clock in summer time (UTC+2)', () => {
    const rules = hours('Europe/Berlin', { sun: nineToFive });
    expect(at(rules, '2026-03-29T06:59:00Z')).toBe(false); // 08:59 CEST
    expect(at(rules, '2026-03-29T07:00:00Z')).toBe(true); // 09:00 CEST (a fixed UTC+1 would say 08:00)
    expect(at(rules, '2026-03-29T14:59:00Z')).toBe(true); // 16:59 CEST
    expect(at(rules, '2026-03-29T15:00:00Z')).toBe(false); // 17:00 CEST
  });

  test('fall-back day (Sunday 25 October 2026): 09:00-17:00 follows the wall clock in winter time (UTC+1)', () => {
    const rules = hours('Europe/Berlin', { sun: nineToFive });
    expect(at(rules, '2026-10-25T07:00:00Z')).toBe(false); // 08:00 CET (a fixed UTC+2 would say 09:00)
    expect(at(rules, '2026-10-25T07:59:00Z')).toBe(false); // 08:59 CET
    expect(at(rules, '2026-10-25T08:00:00Z')).toBe(true); // 09:00 CET
    expect(at(rules, '2026-10-25T15:59:00Z')).toBe(true); // 16:59 CET
    expect(at(rules, '2026-10-25T16:00:00Z')).toBe(false); // 17:00 CET
  });

  test('a window starting in the skipped hour opens when the clock jumps past its start', () => {
    const rules = hours('Europe/Berlin', { sun: [{ from: '02:30', to: '03:30' }] });
    expect(at(rules, '2026-03-29T00:59:00Z')).toBe(false); // 01:59 CET
    expect(at(rules, '2026-03-29T01:00:00Z')).toBe(true); // 03:00 CEST, right after the jump
    expect(at(rules, '2026-03-29T01:29:00Z')).toBe(true); // 03:29
    expect(at(rules, '2026-03-29T01:30:00Z')).toBe(false); // 03:30
  });

  test('a window in the repeated hour is open both times round', () => {
    const rules = hours('Europe/Berlin', { sun: [{ from: '02:00', to: '02:30' }] });
    expect(at(rules, '2026-10-25T00:15:00Z')).toBe(true); // 02:15 CEST
    expect(at(rules, '2026-10-25T00:45:00Z')).toBe(false); // 02:45 CEST
    expect(at(rules, '2026-10-25T01:15:00Z')).toBe(true); // 02:15 CET, the second time
    expect(at(rules, '2026-10-25T01:45:00Z')).toBe(false); // 02:45 CET
  });

  test('a window past midnight covers the early hours of the next day, even into the next week', () => {
    const rules = hours('America/New_York', {
      fri: [{ from: '22:00', to: '02:00' }],
      sun: [{ from: '23:00', to: '01:00' }],
    });
    expect(at(rules, '2026-11-28T02:59:00Z')).toBe(false); // Fri 21:59 EST
    expect(at(rules, '2026-11-28T03:00:00Z')).toBe(true); // Fri 22:00
    expect(at(rules, '2026-11-28T06:59:00Z')).toBe(true); // Sat 01:59
    expect(at(rules, '2026-11-28T07:00:00Z')).toBe(false); // Sat 02:00
    expect(at(rules, '2026-11-30T05:30:00Z')).toBe(true); // Mon 00:30, Sunday's window
    expect(at(rules, '2026-11-30T06:00:00Z')).toBe(false); // Mon 01:00
  });

  test('00:00-24:00 is the whole day and ends at midnight', () => {
    const rules = hours('UTC', { wed: [{ from: '00:00', to: '24:00' }] });
    expect(at(rules, '2026-11-24T23:59:00Z')).toBe(false); // Tue
    expect(at(rules, '2026-11-25T00:00:00Z')).toBe(true);
    expect(at(rules, '2026-11-25T23:59:59Z')).toBe(true);
    expect(at(rules, '2026-11-26T00:00:00Z')).toBe(false);
  });

  test('several windows on a day, and a half-hour offset zone', () => {
    const rules = hours('Asia/Kolkata', {
      tue: [
        { from: '09:00', to: '12:30' },
        { from: '14:00', to: '18:00' },
      ],
    });
    expect(at(rules, '2026-11-24T06:59:00Z')).toBe(true); // 12:29 IST
    expect(at(rules, '2026-11-24T07:00:00Z')).toBe(false); // 12:30
    expect(at(rules, '2026-11-24T08:29:00Z')).toBe(false); // 13:59
    expect(at(rules, '2026-11-24T08:30:00Z')).toBe(true); // 14:00
  });

  test('an unknown stored time zone counts as closed, so chats go to humans', () => {
    expect(at(hours('Mars/Olympus', { mon: [{ from: '00:00', to: '24:00' }] }), '2026-11-23T10:00:00Z')).toBe(
      false,
    );
  });

  test('localClock reads the zone wall clock', () => {
    expect(localClock('Europe/Berlin', new Date('2026-03-29T01:00:00Z'))).toEqual({
      weekday: 'sun',
      minute: 180,
    });
  });
});

describe('parseWindowList (one weekday of the hours form)', () => {
  test('reads ranges, pads single-digit hours, and empty means closed', () => {
    expect(parseWindowList('9:00-12:30, 14:00 - 18:00')).toEqual({
      ok: true,
      windows: [
        { from: '09:00', to: '12:30' },
        { from: '14:00', to: '18:00' },
      ],
    });
    expect(parseWindowList('22:00-02:00')).toEqual({ ok: true, windows: [{ from: '22:00', to: '02:00' }] });
    expect(parseWindowList('   ')).toEqual({ ok: true, windows: [] });
  });

  test.each([
    ['9-5', 'HH:MM-HH:MM'],
    ['09:00-25:00', '00:00 to 24:00'],
    ['24:00-02:00', '00:00 to 24:00'],
    ['09:60-10:00', '00:00 to 24:00'],
    ['10:00-10:00', '00:00-24:00'],
  ])('“%s” is refused with a message that says how to write it', (text, hint) => {
    const result = parseWindowList(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(hint);
  });
});

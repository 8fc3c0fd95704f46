import { describe, expect, test } from 'bun:test';
import { type DayTally, foldTallies, resolveDashboardRange } from '../../../src/dashboard/dashboard.ts';

describe('dashboard period (ADMIN-1)', () => {
  test('14 days ending today by default; 7 and 30 on request', () => {
    const byDefault = resolveDashboardRange('2026-11-23', {});
    expect(byDefault).toMatchObject({ ok: true, range: { period: 14, from: '2026-11-10T00:00:00.000Z' } });
    if (!byDefault.ok) return;
    expect(byDefault.range.days).toHaveLength(14);
    expect(byDefault.range.to).toBe('2026-11-23T23:59:59.999Z');
    const month = resolveDashboardRange('2026-03-01', { days: '30' });
    expect(month.ok && [month.range.days[0], month.range.days.length]).toEqual(['2026-01-31', 30]);
  });

  test('a custom range: to defaults to today, from to 14 days before to', () => {
    const onlyTo = resolveDashboardRange('2026-11-23', { to: '2026-11-05' });
    expect(onlyTo.ok && [onlyTo.range.days[0], onlyTo.range.days.at(-1), onlyTo.range.period]).toEqual([
      '2026-10-23',
      '2026-11-05',
      undefined,
    ]);
    const onlyFrom = resolveDashboardRange('2026-11-23', { from: '2026-11-20' });
    expect(onlyFrom.ok && onlyFrom.range.days).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
    ]);
  });

  test('backwards or longer than 31 days: refused with the reason, on the from field', () => {
    expect(resolveDashboardRange('2026-11-23', { from: '2026-11-22', to: '2026-11-20' })).toEqual({
      ok: false,
      field: 'from',
      message: 'The start date (22 Nov 2026) is after the end date (20 Nov 2026). Swap them or change one.',
    });
    expect(resolveDashboardRange('2026-11-23', { from: '2026-10-01', to: '2026-10-31' }).ok).toBe(true);
    const long = resolveDashboardRange('2026-11-23', { from: '2026-10-01', to: '2026-11-01' });
    expect(long.ok ? '' : long.message).toStartWith(
      'The dashboard shows at most 31 days (this range has 32).',
    );
  });
});

const tally = (over: Partial<DayTally>): DayTally => ({
  day: '2026-11-20',
  projectId: 'A',
  campaign: '',
  chats: 0,
  leads: 0,
  qualified: 0,
  notQualified: 0,
  converted: 0,
  convertedValue: 0,
  ...over,
});

test('tallies fold by day, project and campaign, most converted first; New is every chat in no other stage', () => {
  const folded = foldTallies([
    tally({ campaign: 'x', chats: 3, leads: 1, converted: 1, convertedValue: 10 }),
    tally({ projectId: 'B', chats: 4, qualified: 1, notQualified: 1, converted: 1 }),
    tally({ day: '2026-11-21', campaign: 'y', chats: 2, converted: 1, convertedValue: 5 }),
    tally({ day: '2026-11-21', projectId: 'B', campaign: 'y', chats: 1, converted: 1, convertedValue: 1.5 }),
    tally({ day: '2026-11-21', projectId: '', leads: 2 }),
  ]);
  expect(Object.fromEntries(folded.byDay)).toEqual({
    '2026-11-20': { chats: 7, leads: 1 },
    '2026-11-21': { chats: 3, leads: 2 },
  });
  expect(folded.byProject.get('A')).toEqual({ chats: 5, leads: 1, converted: 2, value: 15 });
  expect(folded.byProject.get('B')).toEqual({ chats: 5, leads: 0, converted: 2, value: 1.5 });
  expect(folded.byCampaign).toEqual([
    { campaign: 'y', converted: 2, value: 6.5 },
    { campaign: 'x', converted: 1, value: 10 },
    { campaign: '', converted: 1, value: 0 },
  ]);
  expect(folded.stages).toEqual([
    { stage: 'new', count: 4 },
    { stage: 'qualified', count: 1 },
    { stage: 'not_qualified', count: 1 },
    { stage: 'converted', count: 4 },
  ]);
});

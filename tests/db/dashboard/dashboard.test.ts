import { expect, test } from 'bun:test';
import {
  dashboardRange,
  loadDashboardLive,
  loadDashboardPeriod,
} from '../../../src/dashboard/dashboard.service.ts';
import { resolveDashboardRange } from '../../../src/dashboard/dashboard.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { seedDashboard } from './dashboard-seed.ts';

const sevenDays = () => {
  const resolved = resolveDashboardRange('2026-11-23', { days: '7' });
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.range;
};

describeEachDialect('dashboard figures (ADMIN-1)', (fresh) => {
  test('trends, projects, conversions by campaign, first response and stages over 7 days', async () => {
    const { db, deps } = await fresh();
    const { alpha, beta } = await seedDashboard(db);
    const data = await loadDashboardPeriod(deps, sevenDays());
    expect(data.trend).toEqual([
      { day: '2026-11-17', chats: 1, leads: 1 },
      { day: '2026-11-18', chats: 0, leads: 0 },
      { day: '2026-11-19', chats: 0, leads: 0 },
      { day: '2026-11-20', chats: 1, leads: 0 },
      { day: '2026-11-21', chats: 0, leads: 1 },
      { day: '2026-11-22', chats: 2, leads: 1 },
      { day: '2026-11-23', chats: 2, leads: 1 },
    ]);
    const byTitle = Object.fromEntries(data.projects.map((p) => [p.title, p]));
    expect(byTitle.Alpha).toEqual({
      id: alpha.id,
      title: 'Alpha',
      chats: 4,
      leads: 2,
      converted: 2,
      value: 150.5,
    });
    expect(byTitle.Beta).toEqual({ id: beta.id, title: 'Beta', chats: 2, leads: 1, converted: 1, value: 0 });
    expect(data.campaigns).toEqual([
      { campaign: 'spring', converted: 2, value: 150.5 },
      { campaign: '', converted: 1, value: 0 },
    ]);
    // Answered after 20 s, 60 s, 120 s and 600 s: nearest rank p50 = 2nd, p90 = 4th.
    expect(data.firstResponse).toEqual({ p50: 60_000, p90: 600_000, answered: 4, sampled: 6 });
    expect(Object.fromEntries(data.stages.map((s) => [s.stage, s.count]))).toEqual({
      new: 2,
      qualified: 1,
      not_qualified: 0,
      converted: 3,
    });
  });

  test('the live part: statuses of the period, the queue oldest first with its waits, agents', async () => {
    const { db, deps } = await fresh();
    await seedDashboard(db);
    const live = await loadDashboardLive(deps, sevenDays());
    expect(live.counts).toEqual({ unassigned: 2, active: 1, offline: 1, closed: 2 });
    expect(live.waiting).toBe(2);
    expect(live.queue.map((c) => [c.visitorName, c.projectTitle, c.waitedS])).toEqual([
      ['Waiting Wanda', 'Alpha', 300],
      ['Patient Pat', 'Beta', 120],
    ]);
    deps.clock.advance(61_000);
    const later = await loadDashboardLive(deps, sevenDays());
    expect(later.queue.map((c) => c.waitedS)).toEqual([361, 181]);
  });

  test('one day is counted on its own: the first and last instants of a day belong to it', async () => {
    const { db, deps } = await fresh();
    await seedDashboard(db);
    const resolved = dashboardRange(deps, { from: '2026-11-16', to: '2026-11-16' });
    if (!resolved.ok) throw new Error(resolved.message);
    const data = await loadDashboardPeriod(deps, resolved.range);
    expect(data.trend).toEqual([{ day: '2026-11-16', chats: 1, leads: 1 }]);
    expect(data.campaigns).toEqual([{ campaign: 'spring', converted: 1, value: 999 }]);
  });
});

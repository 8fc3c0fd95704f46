import { countChatsByStatus } from '../chats/chats.queries.ts';
import type { Deps } from '../deps.ts';
import { listProjects } from '../projects/projects.queries.ts';
import { dayOf, toIso } from '../shared/clock.ts';
import { listAgents } from '../staff/staff.service.ts';
import { loadConversionCounts } from '../tracking/tracking-settings.service.ts';
import {
  countWaitingChats,
  listDayTallies,
  listFirstResponses,
  listWaitingChats,
} from './dashboard.queries.ts';
import {
  DASHBOARD_COUNT_CAP,
  type DashboardLive,
  type DashboardPeriodData,
  type DashboardQuery,
  type DashboardRange,
  FIRST_RESPONSE_SAMPLE,
  firstResponseFigures,
  foldTallies,
  QUEUE_SHOWN,
  type RangeResult,
  resolveDashboardRange,
  waitedSeconds,
} from './dashboard.ts';

/** The dashboard's period for a query, on the deps' clock (UTC days). */
export const dashboardRange = (deps: Pick<Deps, 'clock'>, query: DashboardQuery): RangeResult =>
  resolveDashboardRange(dayOf(deps.clock.now()), query);

/**
 * What changes from one minute to the next (ADMIN-1 "live"): chats by status over the period, the
 * queue with its wait times, agent presence and load. Reloaded on every staff-topic event.
 */
export async function loadDashboardLive(
  deps: Pick<Deps, 'db' | 'presence' | 'clock'>,
  range: DashboardRange,
): Promise<DashboardLive> {
  const now = toIso(deps.clock.now());
  const [counts, waiting, queue, agents] = await Promise.all([
    countChatsByStatus(deps.db, range, DASHBOARD_COUNT_CAP),
    countWaitingChats(deps.db, DASHBOARD_COUNT_CAP),
    listWaitingChats(deps.db, QUEUE_SHOWN),
    listAgents(deps),
  ]);
  return {
    counts,
    waiting,
    queue: queue.map((chat) => ({ ...chat, waitedS: waitedSeconds(chat.queuedAt, now) })),
    agents,
  };
}

/** The figures of the period: trends, projects, first response, campaigns, stages, tracking. */
export async function loadDashboardPeriod(
  deps: Pick<Deps, 'db' | 'clock'>,
  range: DashboardRange,
): Promise<DashboardPeriodData> {
  const { db } = deps;
  const [projects, tallies, responses, tracking] = await Promise.all([
    listProjects(db),
    listDayTallies(db, range.days[0] ?? '', range.days.at(-1) ?? ''),
    listFirstResponses(db, range, FIRST_RESPONSE_SAMPLE),
    loadConversionCounts(deps),
  ]);
  const folds = foldTallies(tallies);
  return {
    trend: range.days.map((day) => ({ day, ...(folds.byDay.get(day) ?? { chats: 0, leads: 0 }) })),
    projects: projects.map((project) => ({
      id: project.id,
      title: project.title,
      ...(folds.byProject.get(project.id) ?? { chats: 0, leads: 0, converted: 0, value: 0 }),
    })),
    campaigns: folds.byCampaign,
    firstResponse: firstResponseFigures(responses),
    stages: folds.stages,
    tracking,
  };
}

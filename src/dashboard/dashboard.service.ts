import { countChatsByStage, countChatsByStatus } from '../chats/chats.queries.ts';
import type { Deps } from '../deps.ts';
import { listProjects } from '../projects/projects.queries.ts';
import { dayOf, toIso } from '../shared/clock.ts';
import { listAgents } from '../staff/staff.service.ts';
import { loadConversionCounts } from '../tracking/tracking-settings.service.ts';
import {
  countChatsStarted,
  countLeadsCreated,
  countWaitingChats,
  listConvertedChats,
  listFirstResponses,
  listWaitingChats,
} from './dashboard.queries.ts';
import {
  CONVERSION_CAP,
  DASHBOARD_COUNT_CAP,
  type DashboardLive,
  type DashboardPeriodData,
  type DashboardQuery,
  type DashboardRange,
  dayBounds,
  FIRST_RESPONSE_SAMPLE,
  firstResponseFigures,
  foldConversions,
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
  const cap = DASHBOARD_COUNT_CAP;
  const projects = await listProjects(db);
  const [chatsPerDay, leadsPerDay, projectChats, projectLeads, converted, responses, stages, tracking] =
    await Promise.all([
      Promise.all(range.days.map((day) => countChatsStarted(db, dayBounds(day), cap))),
      Promise.all(range.days.map((day) => countLeadsCreated(db, dayBounds(day), cap))),
      Promise.all(projects.map((project) => countChatsStarted(db, range, cap, project.id))),
      Promise.all(projects.map((project) => countLeadsCreated(db, range, cap, project.id))),
      listConvertedChats(db, range, CONVERSION_CAP + 1),
      listFirstResponses(db, range, FIRST_RESPONSE_SAMPLE),
      countChatsByStage(db, range, cap),
      loadConversionCounts(deps),
    ]);
  const conversions = foldConversions(converted.slice(0, CONVERSION_CAP));
  return {
    trend: range.days.map((day, i) => ({ day, chats: chatsPerDay[i] ?? 0, leads: leadsPerDay[i] ?? 0 })),
    projects: projects.map((project, i) => ({
      id: project.id,
      title: project.title,
      chats: projectChats[i] ?? 0,
      leads: projectLeads[i] ?? 0,
      converted: conversions.byProject.get(project.id)?.converted ?? 0,
      value: conversions.byProject.get(project.id)?.value ?? 0,
    })),
    // Beyond the cap the conversion figures are the newest CONVERSION_CAP's, and say so.
    conversionsCapped: converted.length > CONVERSION_CAP,
    campaigns: conversions.byCampaign,
    firstResponse: firstResponseFigures(responses),
    stages,
    tracking,
  };
}

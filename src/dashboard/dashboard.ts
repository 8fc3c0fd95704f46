import type { LeadStage } from '../leads/lead-stage.ts';
import { percentile } from '../reports/analytics.ts';
import { dayRangeProblem } from '../shared/day-range.ts';
import type { AgentOverview } from '../staff/staff.ts';

/**
 * The admin/manager dashboard (ADMIN-1, issue 18, docs/decisions/0047): the period it covers, the
 * caps that keep every figure an index range at 1,000,000 chats (PERF-2), and the pure folds over
 * the few rows it reads. Pure: types, constants and arithmetic only.
 */

/** Quick periods offered beside the custom range, in days ending today (UTC). */
export const DASHBOARD_PERIODS = [7, 14, 30] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];
export const DEFAULT_PERIOD: DashboardPeriod = 14;
/** The longest custom range (longer ones are what the reports are for). */
export const MAX_DASHBOARD_DAYS = 31;
/** Each status count of the live region stops here and shows "10,000+". */
export const DASHBOARD_COUNT_CAP = 10_000;
/** First-response percentiles read the newest chats of the period up to this many. */
export const FIRST_RESPONSE_SAMPLE = 1_000;
/** Chats shown in the live queue, oldest first; the count beside them is capped like the others. */
export const QUEUE_SHOWN = 8;

export interface DashboardQuery {
  days?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The resolved period: its UTC days, oldest first, and the inclusive instants they span. */
export interface DashboardRange {
  days: string[];
  from: string;
  to: string;
  /** The quick period chosen, when the range is one. */
  period: DashboardPeriod | undefined;
}

export type RangeResult = { ok: true; range: DashboardRange } | { ok: false; field: string; message: string };

const DAY_MS = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `count` days ending on `last` (YYYY-MM-DD), oldest first. */
export function daysEnding(last: string, count: number): string[] {
  const end = dayMs(last);
  return Array.from({ length: count }, (_, i) => dayText(end - (count - 1 - i) * DAY_MS));
}

/**
 * The period a query asks for, given today (UTC): a custom `from`/`to` (either may be left out:
 * `to` is then today, `from` the quick default before `to`), else `days` (7, 14 or 30, default 14).
 */
export function resolveDashboardRange(today: string, query: DashboardQuery): RangeResult {
  const custom = Boolean(query.from || query.to);
  if (!custom) {
    const period = (DASHBOARD_PERIODS.find((p) => String(p) === query.days) ??
      DEFAULT_PERIOD) as DashboardPeriod;
    return { ok: true, range: rangeOf(daysEnding(today, period), period) };
  }
  const to = query.to ?? today;
  const from = query.from ?? daysEnding(to, DEFAULT_PERIOD)[0] ?? to;
  const backwards = dayRangeProblem(from, to);
  if (backwards) return { ok: false, field: 'from', message: backwards };
  const count = Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1;
  if (count > MAX_DASHBOARD_DAYS) {
    return {
      ok: false,
      field: 'from',
      message: `The dashboard shows at most ${MAX_DASHBOARD_DAYS} days (this range has ${count}). Pick a shorter range, or open the reports for longer ones.`,
    };
  }
  return { ok: true, range: rangeOf(daysEnding(to, count), undefined) };
}

function rangeOf(days: string[], period: DashboardPeriod | undefined): DashboardRange {
  const first = days[0] ?? '';
  const last = days.at(-1) ?? first;
  return { days, from: `${first}T00:00:00.000Z`, to: `${last}T23:59:59.999Z`, period };
}

/** One row of the daily tallies (ADR 0050): a day, a project and a UTM campaign. */
export interface DayTally {
  day: string;
  /** '' for a lead without a project. */
  projectId: string;
  /** '' for chats and leads without one. */
  campaign: string;
  chats: number;
  leads: number;
  qualified: number;
  notQualified: number;
  converted: number;
  convertedValue: number;
}

export interface ConversionTotals {
  converted: number;
  value: number;
}

export interface CampaignRow extends ConversionTotals {
  /** The UTM campaign of the chat's touch; '' for chats without one. */
  campaign: string;
}

export interface TallyFolds {
  byDay: Map<string, { chats: number; leads: number }>;
  byProject: Map<string, ConversionTotals & { chats: number; leads: number }>;
  /** Campaigns with a converted chat, most converted first, then by value, then by name. */
  byCampaign: CampaignRow[];
  stages: Array<{ stage: LeadStage; count: number }>;
}

/**
 * The period's figures from its tallies: per day, per project, per campaign, and the chats by
 * their lead stage (New is every chat not in another stage). Converted values of mixed currencies
 * add up as numbers, as in CRM analytics (ADR 0027).
 */
export function foldTallies(tallies: readonly DayTally[]): TallyFolds {
  const byDay = new Map<string, { chats: number; leads: number }>();
  const byProject = new Map<string, ConversionTotals & { chats: number; leads: number }>();
  const campaigns = new Map<string, ConversionTotals>();
  const stage = { chats: 0, qualified: 0, notQualified: 0, converted: 0 };
  for (const tally of tallies) {
    const day = byDay.get(tally.day) ?? { chats: 0, leads: 0 };
    day.chats += tally.chats;
    day.leads += tally.leads;
    byDay.set(tally.day, day);
    const project = byProject.get(tally.projectId) ?? { chats: 0, leads: 0, converted: 0, value: 0 };
    project.chats += tally.chats;
    project.leads += tally.leads;
    project.converted += tally.converted;
    project.value += tally.convertedValue;
    byProject.set(tally.projectId, project);
    if (tally.converted > 0) {
      const campaign = campaigns.get(tally.campaign) ?? { converted: 0, value: 0 };
      campaign.converted += tally.converted;
      campaign.value += tally.convertedValue;
      campaigns.set(tally.campaign, campaign);
    }
    stage.chats += tally.chats;
    stage.qualified += tally.qualified;
    stage.notQualified += tally.notQualified;
    stage.converted += tally.converted;
  }
  const byCampaign = [...campaigns]
    .map(([campaign, totals]) => ({ campaign, ...totals }))
    .sort((a, b) => b.converted - a.converted || b.value - a.value || a.campaign.localeCompare(b.campaign));
  const stages = [
    { stage: 'new' as const, count: stage.chats - stage.qualified - stage.notQualified - stage.converted },
    { stage: 'qualified' as const, count: stage.qualified },
    { stage: 'not_qualified' as const, count: stage.notQualified },
    { stage: 'converted' as const, count: stage.converted },
  ];
  return { byDay, byProject, byCampaign, stages };
}

export interface FirstResponseFigures {
  p50: number | null;
  p90: number | null;
  /** Chats in the sample that got a reply from staff or the AI. */
  answered: number;
  /** Chats read for the sample (at most FIRST_RESPONSE_SAMPLE). */
  sampled: number;
}

/**
 * First-response time as CRM analytics defines it (ADR 0027): the chat's start to the first message
 * from staff or the AI, nearest-rank percentiles over the answered chats.
 */
export function firstResponseFigures(
  chats: ReadonlyArray<{ createdAt: string; firstResponseAt: string | null }>,
): FirstResponseFigures {
  const durations = chats
    .flatMap((chat) =>
      chat.firstResponseAt ? [Date.parse(chat.firstResponseAt) - Date.parse(chat.createdAt)] : [],
    )
    .sort((a, b) => a - b);
  return {
    p50: percentile(durations, 0.5),
    p90: percentile(durations, 0.9),
    answered: durations.length,
    sampled: chats.length,
  };
}

/** How long a chat has waited, in whole seconds, never negative (a clock a little behind). */
export const waitedSeconds = (queuedAt: string, now: string): number =>
  Math.max(0, Math.floor((Date.parse(now) - Date.parse(queuedAt)) / 1000));

/** A chat in the live queue. */
export interface WaitingChat {
  id: string;
  visitorName: string | null;
  projectTitle: string;
  queuedAt: string;
  waitedS: number;
}

/** The live region's data: statuses over the period, the queue, agent presence and load. */
export interface DashboardLive {
  counts: Record<'unassigned' | 'active' | 'offline' | 'closed', number>;
  /** Chats waiting now, capped at DASHBOARD_COUNT_CAP. */
  waiting: number;
  queue: WaitingChat[];
  agents: AgentOverview[];
}

/** One project's figures for the period. */
export interface ProjectFigures extends ConversionTotals {
  id: string;
  title: string;
  chats: number;
  leads: number;
}

/** The period region's data. */
export interface DashboardPeriodData {
  trend: Array<{ day: string; chats: number; leads: number }>;
  projects: ProjectFigures[];
  campaigns: CampaignRow[];
  firstResponse: FirstResponseFigures;
  stages: Array<{ stage: LeadStage; count: number }>;
  /** Conversion events delivered and failed in the last 24 h (TRACK-3). */
  tracking: { sent: number; failed: number };
}

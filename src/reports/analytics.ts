import { LEAD_STAGES, type LeadStage } from '../leads/lead-stage.ts';

/**
 * CRM analytics (REP-1, docs/decisions/0027): per-agent productivity (the AI as its own agent),
 * the lead funnel by stage, project and campaign, and daily volume, folded from the chats of a
 * filter one page at a time. Pure: the fold and its percentiles; the reading is in the service.
 */

/** One chat as the fold reads it. Instants are ISO-8601 UTC strings. */
export interface AnalyticsChat {
  id: string;
  assigneeId: string | null;
  projectId: string;
  stage: string;
  createdAt: string;
  closedAt: string | null;
  conversionValue: number | null;
  campaign: string | null;
  /** The first message from staff or the AI, if any. */
  firstResponseAt: string | null;
}

/** Staff messages of one chat by sender (agent, admin or AI). */
export interface SenderCount {
  senderId: string;
  count: number;
}

export type StageCounts = Record<LeadStage, number>;

export interface AgentFigures {
  agentId: string;
  chats: number;
  messagesSent: number;
  firstResponse: { p50: number | null; p90: number | null };
  /** Median start → close, over the closed chats. */
  resolution: { p50: number | null; count: number };
  stages: StageCounts;
  /** Converted / chats (0..1), or null with no chats. */
  conversionRate: number | null;
}

export interface FunnelRow {
  key: string;
  chats: number;
  stages: StageCounts;
  convertedValue: number;
}

export interface AnalyticsResult {
  chats: number;
  /** True when the fold stopped at the cap (the figures cover the newest `chats` chats). */
  capped: boolean;
  agents: AgentFigures[];
  stages: StageCounts;
  convertedValue: number;
  byProject: FunnelRow[];
  byCampaign: FunnelRow[];
  /** Chats started per UTC day, oldest first, days without chats included. */
  daily: Array<{ day: string; chats: number }>;
}

/** What the analytics page shows: the figures plus the names they refer to. */
export interface CrmAnalytics extends AnalyticsResult {
  /** Display names of the agents, admins and managers in the figures, and "AI". */
  names: Record<string, string>;
  projectTitles: Record<string, string>;
}

const noStages = (): StageCounts => ({ new: 0, qualified: 0, not_qualified: 0, converted: 0 });
const isStage = (stage: string): stage is LeadStage => (LEAD_STAGES as readonly string[]).includes(stage);

/** The nearest-rank percentile of sorted numbers (`q` in 0..1). */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? null;
}

const ms = (from: string, to: string): number => Date.parse(to) - Date.parse(from);

interface AgentAcc {
  chats: number;
  messages: number;
  firstResponses: number[];
  resolutions: number[];
  stages: StageCounts;
}

interface FunnelAcc {
  chats: number;
  stages: StageCounts;
  value: number;
}

/** Folds pages of chats into the figures; `result()` may be called once at the end. */
export function analyticsFold() {
  const agents = new Map<string, AgentAcc>();
  const projects = new Map<string, FunnelAcc>();
  const campaigns = new Map<string, FunnelAcc>();
  const days = new Map<string, number>();
  const stages = noStages();
  let chats = 0;
  let convertedValue = 0;

  const agent = (id: string): AgentAcc => {
    let acc = agents.get(id);
    if (!acc) {
      acc = { chats: 0, messages: 0, firstResponses: [], resolutions: [], stages: noStages() };
      agents.set(id, acc);
    }
    return acc;
  };
  const funnel = (map: Map<string, FunnelAcc>, key: string, chat: AnalyticsChat, stage: LeadStage | null) => {
    let acc = map.get(key);
    if (!acc) {
      acc = { chats: 0, stages: noStages(), value: 0 };
      map.set(key, acc);
    }
    acc.chats++;
    if (stage) acc.stages[stage]++;
    if (stage === 'converted') acc.value += chat.conversionValue ?? 0;
  };

  return {
    addChat(chat: AnalyticsChat) {
      chats++;
      const stage = isStage(chat.stage) ? chat.stage : null;
      if (stage) stages[stage]++;
      if (stage === 'converted') convertedValue += chat.conversionValue ?? 0;
      funnel(projects, chat.projectId, chat, stage);
      funnel(campaigns, chat.campaign ?? '', chat, stage);
      const day = chat.createdAt.slice(0, 10);
      days.set(day, (days.get(day) ?? 0) + 1);
      if (!chat.assigneeId) return;
      const acc = agent(chat.assigneeId);
      acc.chats++;
      if (stage) acc.stages[stage]++;
      if (chat.firstResponseAt) acc.firstResponses.push(ms(chat.createdAt, chat.firstResponseAt));
      if (chat.closedAt) acc.resolutions.push(ms(chat.createdAt, chat.closedAt));
    },
    /** Messages a sender wrote in the folded chats (counted for whoever wrote them). */
    addMessages(counts: readonly SenderCount[]) {
      for (const { senderId, count } of counts) agent(senderId).messages += count;
    },
    result(capped: boolean): AnalyticsResult {
      const toFunnel = (map: Map<string, FunnelAcc>): FunnelRow[] =>
        [...map]
          .map(([key, acc]) => ({ key, chats: acc.chats, stages: acc.stages, convertedValue: acc.value }))
          .sort((a, b) => b.chats - a.chats || a.key.localeCompare(b.key));
      return {
        chats,
        capped,
        stages,
        convertedValue,
        agents: [...agents]
          .map(([agentId, acc]) => agentFigures(agentId, acc))
          .sort((a, b) => b.chats - a.chats),
        byProject: toFunnel(projects),
        byCampaign: toFunnel(campaigns),
        daily: dailySeries(days),
      };
    },
  };
}

function agentFigures(agentId: string, acc: AgentAcc): AgentFigures {
  const first = [...acc.firstResponses].sort((a, b) => a - b);
  const resolved = [...acc.resolutions].sort((a, b) => a - b);
  return {
    agentId,
    chats: acc.chats,
    messagesSent: acc.messages,
    firstResponse: { p50: percentile(first, 0.5), p90: percentile(first, 0.9) },
    resolution: { p50: percentile(resolved, 0.5), count: resolved.length },
    stages: acc.stages,
    conversionRate: acc.chats > 0 ? acc.stages.converted / acc.chats : null,
  };
}

/** Every day from the first to the last seen, zeros included (a chart needs the gaps). */
function dailySeries(days: Map<string, number>): Array<{ day: string; chats: number }> {
  const sorted = [...days.keys()].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return [];
  const series: Array<{ day: string; chats: number }> = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    series.push({ day, chats: days.get(day) ?? 0 });
  }
  return series;
}

/** "2m 05s", "1h 20m", "3d 4h" for a duration in ms; "—" for none. */
export function durationText(value: number | null): string {
  if (value === null) return '—';
  const s = Math.round(value / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Chats folded per analytics view at most (newest first); beyond it the page says so. */
export const ANALYTICS_CAP = 100_000;
/** Chats per keyset page while folding. */
export const ANALYTICS_PAGE = 1000;

/** The per-agent table as CSV (REP-2): durations in whole seconds, the rate as a fraction. */
export const ANALYTICS_CSV_COLUMNS = [
  { key: 'agent', header: 'Agent' },
  { key: 'chats', header: 'Chats handled' },
  { key: 'messages', header: 'Messages sent' },
  { key: 'firstP50', header: 'First response p50 (s)' },
  { key: 'firstP90', header: 'First response p90 (s)' },
  { key: 'resolutionP50', header: 'Resolution p50 (s)' },
  { key: 'new', header: 'New' },
  { key: 'qualified', header: 'Qualified' },
  { key: 'not_qualified', header: 'Not qualified' },
  { key: 'converted', header: 'Converted' },
  { key: 'conversionRate', header: 'Conversion rate' },
] as const;

const seconds = (value: number | null) => (value === null ? null : Math.round(value / 1000));

export function analyticsCsvRows(data: CrmAnalytics): Array<Record<string, unknown>> {
  return data.agents.map((agent) => ({
    agent: data.names[agent.agentId] ?? agent.agentId,
    chats: agent.chats,
    messages: agent.messagesSent,
    firstP50: seconds(agent.firstResponse.p50),
    firstP90: seconds(agent.firstResponse.p90),
    resolutionP50: seconds(agent.resolution.p50),
    ...agent.stages,
    conversionRate: agent.conversionRate === null ? null : Number(agent.conversionRate.toFixed(4)),
  }));
}

import type { LeadStage } from '../leads/lead-stage.ts';
import type { LeadTouch } from '../leads/lead-touch.ts';

export type { LeadTouch };

/**
 * The lead inbox (CRM-1, CRM-4): one list of every lead, whatever it came from (a chat, a web
 * form, a CSV upload, a Google Sheet), with the filters, rows and detail its service returns.
 */
export const LEAD_SOURCES = ['chat', 'web', 'csv', 'sheet'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const leadSourceLabel: Record<LeadSource, string> = {
  chat: 'Chat',
  web: 'Web',
  csv: 'Uploaded',
  sheet: 'Google Sheets',
};

export const FOLLOW_UP_FILTERS = ['overdue', 'today', 'week', 'none'] as const;
export type FollowUpFilter = (typeof FOLLOW_UP_FILTERS)[number];

export const followUpFilterLabel: Record<FollowUpFilter, string> = {
  overdue: 'Overdue',
  today: 'Due today',
  week: 'Due this week',
  none: 'No follow-up',
};

/** Who may see which leads: everyone (admins, managers, QA) or one agent's (theirs + unassigned). */
export type LeadScope = { kind: 'all' } | { kind: 'agent'; agentId: string };

/** Agents pick between their own leads and the unassigned ones they may take. */
export type AgentLeadOwner = 'mine' | 'unassigned';

export interface LeadFilters {
  source?: LeadSource | undefined;
  stage?: string | undefined;
  /** A person's id, or 'none' for unassigned. */
  assigneeId?: string | undefined;
  projectId?: string | undefined;
  /** Inclusive ISO instants on created_at. */
  from?: string | undefined;
  to?: string | undefined;
  followUp?: FollowUpFilter | undefined;
  /** YYYY-MM-DD in UTC: what "today" means for the follow-up filter. */
  today: string;
  search?: string | undefined;
}

export type LeadRow = {
  id: string;
  source: string;
  projectTitle: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  stage: string;
  assigneeId: string | null;
  assigneeName: string | null;
  followUpOn: string | null;
  utmCampaign: string | null;
  duplicateOfId: string | null;
  createdAt: string;
};

/** One column of the pipeline board (BEYOND-8): a stage's newest leads of the filter. */
export interface BoardColumn {
  stage: LeadStage;
  rows: LeadRow[];
  /** Leads of the stage under the filter, counted up to the cap. */
  count: number;
  nextCursor: string | undefined;
}

export interface LeadNote {
  id: string;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface LeadDetail extends LeadRow {
  projectId: string | null;
  pageUrl: string | null;
  formName: string | null;
  finalRemark: string | null;
  visitorId: string | null;
  /** The newest chat of a chat lead (its transcript and stage live there). */
  conversationId: string | null;
  touch: LeadTouch | null;
  updatedAt: string;
}

/** The follow-up range a filter means, on YYYY-MM-DD dates (UTC). */
export function followUpRange(
  filter: FollowUpFilter,
  today: string,
): { from?: string; to?: string } | 'none' {
  if (filter === 'none') return 'none';
  if (filter === 'overdue') return { to: previousDay(today) };
  if (filter === 'today') return { from: today, to: today };
  return { from: today, to: addDays(today, 6) };
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const previousDay = (day: string) => addDays(day, -1);

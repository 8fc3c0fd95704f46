import type { ConversationStatus } from '../conversations/conversation.ts';
import type { LeadStage } from '../leads/lead-stage.ts';

/**
 * The reports of REP-1 as data (docs/decisions/0026): every report is one row per chat (every chat
 * is a lead, CRM-1) read by one keyset query over `conversations`, newest first by start time, with
 * the same filters; a report is its slug, title and columns. The table, the CSV export and the
 * capped total all come from the definition, so a new report is a new entry here plus its columns
 * in reports.queries.ts. Pure: types and constants only.
 */
export const REPORT_SLUGS = ['chat-data', 'user-data', 'user-analysis'] as const;
export type ReportSlug = (typeof REPORT_SLUGS)[number];

export interface ReportFilters {
  /** Inclusive ISO instants on the chat's start (conversations.created_at). */
  from?: string | undefined;
  to?: string | undefined;
  projectId?: string | undefined;
  /** A staff user id; the AI agent's id selects the chats the AI holds (AI-6). */
  agentId?: string | undefined;
  status?: ConversationStatus | undefined;
  stage?: LeadStage | undefined;
}

/** One column: `key` reads the row (ReportRow), `header` titles the table and the CSV. */
export interface ReportColumn {
  key: string;
  header: string;
  /** How the table shows it; the CSV always writes the raw value. */
  kind?: 'text' | 'time' | 'status' | 'stage' | 'flag';
}

export interface ReportDefinition {
  slug: ReportSlug;
  title: string;
  description: string;
  columns: readonly ReportColumn[];
}

/** A report row: the chat's id and start (the keyset) plus the report's own columns. */
export type ReportRow = { id: string; createdAt: string } & Record<string, string | number | null>;

const chatData: ReportDefinition = {
  slug: 'chat-data',
  title: 'Chat data',
  description: 'Every chat with its contact, agent and stage; a PDF transcript per chat.',
  columns: [
    { key: 'id', header: 'Token' },
    { key: 'visitorName', header: 'Name' },
    { key: 'visitorPhone', header: 'Phone' },
    { key: 'visitorEmail', header: 'Email' },
    { key: 'projectTitle', header: 'Project' },
    { key: 'status', header: 'Status', kind: 'status' },
    { key: 'agentName', header: 'Agent' },
    { key: 'leadStage', header: 'Stage', kind: 'stage' },
    { key: 'updatedAt', header: 'Updated', kind: 'time' },
  ],
};

const userData: ReportDefinition = {
  slug: 'user-data',
  title: 'User data',
  description: 'Who each chat came from and where they found you.',
  columns: [
    { key: 'visitorName', header: 'Name' },
    { key: 'visitorPhone', header: 'Phone' },
    { key: 'visitorEmail', header: 'Email' },
    { key: 'projectTitle', header: 'Project' },
    { key: 'sourceDomain', header: 'Source domain' },
    { key: 'referrer', header: 'Referrer' },
    { key: 'utmSource', header: 'UTM source' },
    { key: 'utmMedium', header: 'UTM medium' },
    { key: 'utmCampaign', header: 'UTM campaign' },
    { key: 'firstSeenAt', header: 'First seen', kind: 'time' },
  ],
};

const userAnalysis: ReportDefinition = {
  slug: 'user-analysis',
  title: 'User analysis',
  description: 'Device, browser, language and place of each chat’s visitor, and their UTM trail.',
  columns: [
    { key: 'visitorName', header: 'Name' },
    { key: 'deviceType', header: 'Device' },
    { key: 'os', header: 'OS' },
    { key: 'browser', header: 'Browser' },
    { key: 'language', header: 'Language' },
    { key: 'connectionType', header: 'Connection' },
    { key: 'geoCountry', header: 'Country' },
    { key: 'geoRegion', header: 'Region' },
    { key: 'geoCity', header: 'City' },
    { key: 'timeOnPageS', header: 'Time on page (s)' },
    { key: 'returning', header: 'Returning', kind: 'flag' },
    { key: 'utmTrail', header: 'UTM trail' },
  ],
};

export const REPORTS: Readonly<Record<ReportSlug, ReportDefinition>> = {
  'chat-data': chatData,
  'user-data': userData,
  'user-analysis': userAnalysis,
};

export const isReportSlug = (value: string): value is ReportSlug =>
  (REPORT_SLUGS as readonly string[]).includes(value);

/** Rows per report page. */
export const REPORT_PAGE_SIZE = 50;
/** Totals are counted up to here and shown as "10,000+" (PERF-2: a clearly marked capped count). */
export const REPORT_COUNT_CAP = 10_000;
/**
 * With two or more of project, agent, status and stage no index covers the count, and each counted
 * row is a table lookup (10,000 took 20 ms at 1M chats): such totals stop at 1,000 ("1,000+").
 */
export const COMBINED_COUNT_CAP = 1_000;

export function countCapFor(filters: ReportFilters): number {
  const equalities = [filters.projectId, filters.agentId, filters.status, filters.stage].filter(Boolean);
  return equalities.length >= 2 ? COMBINED_COUNT_CAP : REPORT_COUNT_CAP;
}
/** Rows per keyset page while a CSV export streams (one query per chunk, never all at once). */
export const EXPORT_PAGE_SIZE = 1000;

/** "Mobile · Android 15 · Chrome 131" from the parts a touch recorded; null when none is known. */
export function deviceSummary(parts: {
  deviceType?: string | null;
  os?: string | null;
  browser?: string | null;
}): string | null {
  const known = [parts.deviceType, parts.os, parts.browser].filter((part): part is string => Boolean(part));
  return known.length > 0 ? known.join(' · ') : null;
}

/** "Android 15" from a name and a version, either of which may be missing. */
export const nameAndVersion = (name: string | null, version: string | null): string | null =>
  name ? (version ? `${name} ${version}` : name) : null;

/** The UTM trail of one touch: "source / medium / campaign / term / content", empty parts dropped. */
export function utmTrail(parts: ReadonlyArray<string | null>): string | null {
  const known = parts.filter((part): part is string => Boolean(part));
  return known.length > 0 ? known.join(' / ') : null;
}

/** A CSV file name that says which report and when: "chat-data-2026-12-03.csv". */
export const exportFileName = (slug: ReportSlug | typeof ANALYTICS_SLUG, today: string): string =>
  `${slug}-${today}.csv`;

/** The aggregate report beside the row reports (docs/decisions/0027). */
export const ANALYTICS_SLUG = 'crm-analytics';

/** A console's report page: `/admin/reports/chat-data`. */
export const reportsPath = (base: string, slug: ReportSlug | typeof ANALYTICS_SLUG): string =>
  `${base}/reports/${slug}`;
/** A chat's PDF transcript (admin and manager consoles only). */
export const transcriptPath = (base: string, conversationId: string): string =>
  `${base}/reports/chats/${conversationId}/transcript.pdf`;

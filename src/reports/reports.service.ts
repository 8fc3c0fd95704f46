import { withAiAgent } from '../ai/ai-agent.ts';
import type { Deps } from '../deps.ts';
import { listProjects } from '../projects/projects.queries.ts';
import { dayRangeProblem } from '../shared/day-range.ts';
import { decodeKeysetCursor, encodeKeysetCursor, type KeysetCursor } from '../shared/keyset-cursor.ts';
import { listAgents } from '../staff/staff.service.ts';
import {
  countCapFor,
  EXPORT_PAGE_SIZE,
  REPORT_PAGE_SIZE,
  type ReportFilters,
  type ReportRow,
  type ReportSlug,
} from './report.ts';
import { countReportRows, listReportRows } from './reports.queries.ts';

/** Reports (REP-1, REP-2): one page with its capped total, or every row for an export. */

export interface ReportPage {
  rows: ReportRow[];
  /** Counted up to `countCap`. */
  total: number;
  countCap: number;
  nextCursor: string | undefined;
  rangeError: string | undefined;
  agents: Array<{ id: string; name: string }>;
  projects: Array<{ id: string; title: string }>;
}

/** The agents (the AI last, as its own agent) and projects the filter form offers. */
export async function loadReportPickers(deps: Pick<Deps, 'db' | 'presence'>) {
  const [agents, projects] = await Promise.all([listAgents(deps), listProjects(deps.db)]);
  return {
    // The AI filters as its own agent (AI-6): its rows are the chats it holds.
    agents: withAiAgent(agents.map((a) => ({ id: a.agent.id, name: a.agent.displayName }))),
    projects: projects.map((p) => ({ id: p.id, title: p.title })),
  };
}

/**
 * One page of a report. `days` are the range as typed: a range that ends before it starts lists
 * nothing and says why. `after` is the cursor text from the URL; a tampered one starts over.
 */
export async function loadReportPage(
  deps: Pick<Deps, 'db' | 'presence'>,
  slug: ReportSlug,
  filters: ReportFilters,
  after: string | undefined,
  days: { from?: string | undefined; to?: string | undefined },
): Promise<ReportPage> {
  const rangeError = dayRangeProblem(days.from, days.to);
  const countCap = countCapFor(filters);
  if (rangeError) {
    return {
      rows: [],
      total: 0,
      countCap,
      nextCursor: undefined,
      rangeError,
      ...(await loadReportPickers(deps)),
    };
  }
  const [rows, total, lists] = await Promise.all([
    listReportRows(deps.db, slug, filters, decodeKeysetCursor(after), REPORT_PAGE_SIZE + 1),
    countReportRows(deps.db, filters, countCap),
    loadReportPickers(deps),
  ]);
  const shown = rows.slice(0, REPORT_PAGE_SIZE);
  const last = shown.at(-1);
  const nextCursor =
    rows.length > REPORT_PAGE_SIZE && last
      ? encodeKeysetCursor({ at: last.createdAt, id: last.id })
      : undefined;
  return { rows: shown, total, countCap, nextCursor, rangeError: undefined, ...lists };
}

/**
 * Every row of a report under `filters`, newest first, read one keyset page at a time as the
 * consumer pulls (a CSV download): memory holds one page, however many rows match.
 */
export async function* reportRowsForExport(
  db: Deps['db'],
  slug: ReportSlug,
  filters: ReportFilters,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<ReportRow> {
  let after: KeysetCursor | undefined;
  for (;;) {
    const rows = await listReportRows(db, slug, filters, after, pageSize);
    yield* rows;
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return;
    after = { at: last.createdAt, id: last.id };
  }
}

import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AnalyticsPage, AnalyticsResults } from '../../views/reports/analytics-page.tsx';
import { ReportPage, ReportResults } from '../../views/reports/report-page.tsx';
import { can, SHARED_CONSOLES } from '../auth/policy.ts';
import { CONVERSATION_STATUSES } from '../conversations/conversation.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { publicOrigin } from '../http/public-origin.ts';
import { respond } from '../http/respond.ts';
import { LEAD_STAGES } from '../leads/lead-stage.ts';
import { toIso } from '../shared/clock.ts';
import { dayRange, dayRangeProblem } from '../shared/day-range.ts';
import { fieldErrors } from '../shared/field-errors.ts';
import { loadCrmAnalytics } from './analytics.service.ts';
import { ANALYTICS_CSV_COLUMNS, analyticsCsvRows } from './analytics.ts';
import { csvExportStream } from './csv-export.ts';
import {
  ANALYTICS_SLUG,
  exportFileName,
  REPORT_SLUGS,
  REPORTS,
  type ReportFilters,
  type ReportSlug,
  reportsPath,
  transcriptPath,
} from './report.ts';
import { loadReportPage, loadReportPickers, reportRowsForExport } from './reports.service.ts';
import { isTimeZone, renderChatTranscript } from './transcript.service.ts';

/**
 * Reports (REP-1..3, docs/decisions/0026): each report's page and CSV export under the admin and
 * manager consoles, the pages alone under the QA console (read-only, ADMIN-7), and the PDF
 * transcript of a chat for admins and managers.
 */
export const reportRoutes = new Hono<AppEnv>();

const optional = <T extends z.ZodType>(schema: T) =>
  schema.optional().or(z.literal('').transform(() => undefined));
const day = optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'));
const id = optional(z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'not an id'));

const reportQuery = z.object({
  from: day,
  to: day,
  project: id,
  agent: id,
  status: optional(z.enum(CONVERSATION_STATUSES)),
  stage: optional(z.enum(LEAD_STAGES)),
  after: optional(z.string().max(120)),
});
type ReportQuery = z.infer<typeof reportQuery>;

const transcriptQuery = z.object({ tz: optional(z.string().max(64)) });

/** A bad filter is a 400 that names the parameter; nothing is queried. */
const validQuery = <S extends z.ZodType>(schema: S) =>
  zValidator('query', schema, (result) => {
    if (!result.success) {
      const [field, message] = Object.entries(fieldErrors(result.error))[0] ?? ['query', 'invalid'];
      throw new AppError('reports.bad_filter', 400, `The filter "${field}" is not valid: ${message}.`);
    }
  });

const filtersOf = (query: ReportQuery): ReportFilters => ({
  projectId: query.project,
  agentId: query.agent,
  status: query.status,
  stage: query.stage,
  ...dayRange(query.from, query.to),
});

const typed = (query: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));

/** The agent console's reports list the agent's own chats only (ADMIN-7 "own"). */
const AGENT_CONSOLE = '/agent';

async function reportPage(c: Context<AppEnv>, base: string, slug: ReportSlug, query: ReportQuery) {
  const user = currentUser(c);
  const own = base === AGENT_CONSOLE;
  const filters = own ? { ...filtersOf(query), agentId: user.id } : filtersOf(query);
  const page = await loadReportPage(c.get('deps'), slug, filters, query.after, query);
  const props = {
    base,
    report: REPORTS[slug],
    query: typed(own ? { ...query, agent: undefined } : query),
    canExport: can(user.role, 'reports.export'),
    ...page,
    // No agent picker where the agent is always the viewer.
    agents: own ? [] : page.agents,
  };
  return respond(
    c,
    { fragment: () => <ReportResults {...props} />, page: () => <ReportPage user={user} {...props} /> },
    page.rangeError ? 422 : 200,
  );
}

function exportCsv(c: Context<AppEnv>, slug: ReportSlug, query: ReportQuery) {
  const { db, clock } = c.get('deps');
  const body = csvExportStream({
    columns: REPORTS[slug].columns.map(({ key, header }) => ({ key, header })),
    rows: reportRowsForExport(db, slug, filtersOf(query)),
  });
  const name = exportFileName(slug, toIso(clock.now()).slice(0, 10));
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
}

async function analyticsPage(c: Context<AppEnv>, base: string, query: ReportQuery) {
  const user = currentUser(c);
  const deps = c.get('deps');
  const rangeError = dayRangeProblem(query.from, query.to);
  const [data, pickers] = await Promise.all([
    rangeError ? undefined : loadCrmAnalytics(deps, filtersOf(query)),
    loadReportPickers(deps),
  ]);
  const props = {
    base,
    query: typed(query),
    data,
    rangeError,
    canExport: can(user.role, 'reports.export'),
    ...pickers,
  };
  return respond(
    c,
    { fragment: () => <AnalyticsResults {...props} />, page: () => <AnalyticsPage user={user} {...props} /> },
    rangeError ? 422 : 200,
  );
}

async function exportAnalytics(c: Context<AppEnv>, query: ReportQuery) {
  const deps = c.get('deps');
  const data = await loadCrmAnalytics(deps, filtersOf(query));
  async function* rows() {
    yield* analyticsCsvRows(data);
  }
  const name = exportFileName(ANALYTICS_SLUG, toIso(deps.clock.now()).slice(0, 10));
  return c.body(csvExportStream({ columns: ANALYTICS_CSV_COLUMNS, rows: rows() }), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
}

for (const base of [...SHARED_CONSOLES, '/qa', AGENT_CONSOLE]) {
  const exports = SHARED_CONSOLES.some((shared) => shared === base);
  // The section's own address shows its first report (no redirect: the nav link stays the URL).
  reportRoutes.get(`${base}/reports`, validQuery(reportQuery), (c) =>
    reportPage(c, base, 'chat-data', c.req.valid('query')),
  );
  for (const slug of REPORT_SLUGS) {
    const path = reportsPath(base, slug);
    reportRoutes.get(path, validQuery(reportQuery), (c) => reportPage(c, base, slug, c.req.valid('query')));
    if (exports) {
      reportRoutes.get(`${path}/export`, validQuery(reportQuery), (c) =>
        exportCsv(c, slug, c.req.valid('query')),
      );
    }
  }
  if (base === AGENT_CONSOLE) continue;
  const analytics = reportsPath(base, ANALYTICS_SLUG);
  reportRoutes.get(analytics, validQuery(reportQuery), (c) => analyticsPage(c, base, c.req.valid('query')));
  if (!exports) continue;
  reportRoutes.get(`${analytics}/export`, validQuery(reportQuery), (c) =>
    exportAnalytics(c, c.req.valid('query')),
  );
  reportRoutes.get(transcriptPath(base, ':id'), validQuery(transcriptQuery), async (c) => {
    const timeZone = c.req.valid('query').tz ?? 'UTC';
    if (!isTimeZone(timeZone))
      throw new AppError('reports.bad_time_zone', 400, `Unknown time zone "${timeZone}".`);
    const view = { timeZone, locale: 'en-GB', origin: publicOrigin(c) };
    const chatId = c.req.param('id') ?? '';
    const pdf = await renderChatTranscript(c.get('deps'), chatId, view);
    if (!pdf) throw new AppError('reports.chat_not_found', 404, 'We could not find that chat.');
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="chat-${chatId}.pdf"`,
      'Cache-Control': 'no-store',
    });
  });
}

import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { QUALITY_REPORT_PATH, QualityReportPage } from '../../views/qa/quality-report-page.tsx';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { csvExportStream } from '../reports/csv-export.ts';
import { dayRange, dayRangeProblem } from '../shared/day-range.ts';
import { loadQualityReport } from './quality-report.service.ts';
import { EMPTY_TALLY, meanCsat, meanScore, type QualityRow } from './quality-report.ts';
import { formatScore } from './scorecard.ts';

/** The quality report page and its CSV (QA-3, BEYOND-5), for QA, managers and admins. */
export const qualityReportRoutes = new Hono<AppEnv>();

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .or(z.literal('').transform(() => undefined));
const rangeQuery = zValidator('query', z.object({ from: day, to: day }), (result) => {
  if (!result.success) throw new AppError('qa.bad_filter', 400, 'Dates are YYYY-MM-DD.');
});

qualityReportRoutes.get(QUALITY_REPORT_PATH, rangeQuery, async (c) => {
  const { from, to } = c.req.valid('query');
  const rangeError = dayRangeProblem(from, to);
  const report = rangeError
    ? { agents: [], projects: [], total: EMPTY_TALLY, weeks: [] }
    : await loadQualityReport(c.get('deps'), dayRange(from, to));
  const query = Object.fromEntries(
    Object.entries({ from, to }).filter((e): e is [string, string] => Boolean(e[1])),
  );
  const page = (
    <QualityReportPage user={currentUser(c)} report={report} query={query} rangeError={rangeError} />
  );
  return c.html(page, rangeError ? 422 : 200);
});

const COLUMNS = [
  { key: 'group', header: 'Group' },
  { key: 'name', header: 'Name' },
  { key: 'score', header: 'Review score (1-5)' },
  { key: 'scoreCount', header: 'Scored chats' },
  { key: 'csat', header: 'Visitor rating (1-5)' },
  { key: 'csatCount', header: 'Ratings' },
] as const;

const csvRow = (group: string, row: QualityRow) => {
  const mean = meanScore(row);
  return {
    group,
    name: row.name,
    score: mean === undefined ? '' : formatScore(mean),
    scoreCount: row.scoreCount,
    csat: meanCsat(row)?.toFixed(2) ?? '',
    csatCount: row.csatCount,
  };
};

qualityReportRoutes.get(`${QUALITY_REPORT_PATH}.csv`, rangeQuery, async (c) => {
  const { from, to } = c.req.valid('query');
  if (dayRangeProblem(from, to))
    throw new AppError('qa.bad_filter', 400, 'The start date is after the end date.');
  const report = await loadQualityReport(c.get('deps'), dayRange(from, to));
  const rows = [
    ...report.agents.map((row) => csvRow(row.isAi ? 'ai' : 'agent', row)),
    ...report.projects.map((row) => csvRow('project', row)),
    ...report.weeks.flatMap((week) => [
      csvRow('week', { key: week.week, name: week.week, isAi: false, ...week.all }),
      csvRow('week_ai', { key: week.week, name: week.week, isAi: true, ...week.ai }),
    ]),
  ];
  async function* each() {
    yield* rows;
  }
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header(
    'Content-Disposition',
    `attachment; filename="quality-report${from ? `-${from}` : ''}${to ? `-${to}` : ''}.csv"`,
  );
  return c.body(csvExportStream({ columns: COLUMNS, rows: each() }));
});

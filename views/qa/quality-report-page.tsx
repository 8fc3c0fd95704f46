import {
  meanCsat,
  meanScore,
  type QualityReport,
  type QualityRow,
  type QualityTally,
} from '../../src/qa/quality-report.ts';
import { formatScore } from '../../src/qa/scorecard.ts';
import { DayRangeFields } from '../components/field.tsx';
import { FilterActions } from '../components/filter-tabs.tsx';
import { listUrl } from '../components/keyset-pager.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

/** The quality report (QA-3, BEYOND-5): reviewer scores and visitor ratings, each with its count. */
export const QUALITY_REPORT_PATH = '/qa/report';

const score = (row: QualityRow) => {
  const mean = meanScore(row);
  return mean === undefined ? '—' : formatScore(mean);
};
const csat = (row: QualityRow) => {
  const mean = meanCsat(row);
  return mean === undefined ? '—' : mean.toFixed(2);
};

function ReportTable({ caption, first, rows }: { caption: string; first: string; rows: QualityRow[] }) {
  return (
    <div class="table-wrap card">
      <table class="table">
        <caption class="report-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">Review score (1–5)</th>
            <th scope="col">Scored chats</th>
            <th scope="col">Visitor rating (1–5)</th>
            <th scope="col">Ratings</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colspan={5} class="muted">
                Nothing scored or rated in this range.
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr>
                <th scope="row">{row.name}</th>
                <td>{score(row)}</td>
                <td>{row.scoreCount}</td>
                <td>{csat(row)}</td>
                <td>{row.csatCount}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

const figures = (t: QualityTally) => {
  const s = meanScore(t);
  const r = meanCsat(t);
  return [
    s === undefined ? '—' : formatScore(s),
    String(t.scoreCount),
    r === undefined ? '—' : r.toFixed(2),
    String(t.csatCount),
  ];
};

/** Over time: each week for everyone, and for the AI alone. */
function WeeksTable({ report }: { report: QualityReport }) {
  if (report.weeks.length === 0) return null;
  return (
    <div class="table-wrap card">
      <table class="table">
        <caption class="report-caption">By week (everyone · the AI)</caption>
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col">Score</th>
            <th scope="col">Scored</th>
            <th scope="col">Rating</th>
            <th scope="col">Ratings</th>
            <th scope="col">AI score</th>
            <th scope="col">AI scored</th>
            <th scope="col">AI rating</th>
            <th scope="col">AI ratings</th>
          </tr>
        </thead>
        <tbody>
          {report.weeks.map((week) => (
            <tr>
              <th scope="row">{week.week}</th>
              {[...figures(week.all), ...figures(week.ai)].map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function QualityReportPage(props: {
  user: ShellUser;
  report: QualityReport;
  query: Record<string, string>;
  rangeError?: string | undefined;
}) {
  const { report, query } = props;
  return (
    <AppShell title="Quality report" user={props.user} currentPath={QUALITY_REPORT_PATH}>
      <div class="page-header">
        <div>
          <h1>Quality report</h1>
          <p class="muted">
            Reviewer scores and visitor ratings, kept apart, with how many each mean rests on.
          </p>
        </div>
        <a class="button" href={listUrl(`${QUALITY_REPORT_PATH}.csv`, query)} download>
          Export CSV
        </a>
      </div>
      <form class="card filters" method="get" action={QUALITY_REPORT_PATH} aria-label="Report range">
        <DayRangeFields
          idPrefix="report"
          from={query.from}
          to={query.to}
          invalid={Boolean(props.rangeError)}
        />
        <FilterActions resetHref={QUALITY_REPORT_PATH} />
      </form>
      {props.rangeError ? (
        <p class="alert alert-error" role="alert">
          {props.rangeError}
        </p>
      ) : (
        <>
          <ReportTable caption="By agent (the AI as its own agent)" first="Agent" rows={report.agents} />
          <ReportTable caption="By project" first="Project" rows={report.projects} />
          <WeeksTable report={report} />
        </>
      )}
    </AppShell>
  );
}

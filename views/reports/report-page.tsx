import {
  ANALYTICS_SLUG,
  REPORT_SLUGS,
  REPORTS,
  type ReportColumn,
  type ReportDefinition,
  type ReportRow,
  reportsPath,
  transcriptPath,
} from '../../src/reports/report.ts';
import { DayRangeFields } from '../components/field.tsx';
import { FilterActions } from '../components/filter-tabs.tsx';
import { cappedCount, shortTime, stageLabel, statusLabel, statusPillClass } from '../components/format.ts';
import { KeysetPager, listUrl } from '../components/keyset-pager.tsx';
import { TableHead } from '../components/table-head.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { REPORT_RESULTS_ID, TIMEZONE_LINK_ATTR } from './report-dom-ids.ts';

export interface ReportViewProps {
  base: string;
  report: ReportDefinition;
  /** The filters as typed (dates as YYYY-MM-DD), to refill the form and build links. */
  query: Record<string, string>;
  rows: ReportRow[];
  total: number;
  countCap: number;
  nextCursor?: string | undefined;
  rangeError?: string | undefined;
  agents: Array<{ id: string; name: string }>;
  projects: Array<{ id: string; title: string }>;
  /** CSV export and PDF transcripts (admin and manager; QA reads only, ADMIN-7). */
  canExport: boolean;
}

const region = {
  'hx-target': `#${REPORT_RESULTS_ID}`,
  'hx-select': `#${REPORT_RESULTS_ID}`,
  'hx-swap': 'outerHTML',
  'hx-push-url': 'true',
};

function Cell({ column, value }: { column: ReportColumn; value: string | number | null | undefined }) {
  if (value === null || value === undefined || value === '') return <span class="muted">—</span>;
  const text = String(value);
  if (column.kind === 'time') return <>{shortTime(text)}</>;
  if (column.kind === 'status') return <span class={statusPillClass(text)}>{statusLabel[text] ?? text}</span>;
  if (column.kind === 'stage') return <>{stageLabel[text] ?? text}</>;
  if (column.kind === 'flag') return <>{value === 1 ? 'Yes' : 'No'}</>;
  return <>{text}</>;
}

function ReportTable(props: ReportViewProps) {
  const { report, rows, base, canExport } = props;
  if (rows.length === 0) {
    return (
      <div class="card empty-state">
        <p>No chats match these filters.</p>
      </div>
    );
  }
  const pdf = canExport && report.slug === 'chat-data';
  return (
    <div class="table-wrap">
      <table class="table table-cards" id={`report-${report.slug}`}>
        <TableHead
          columns={[
            ...report.columns.map((column) => ({ label: column.header })),
            ...(pdf ? [{ label: 'Transcript', visuallyHidden: true }] : []),
          ]}
        />
        <tbody>
          {rows.map((row) => (
            <tr id={`report-row-${row.id}`}>
              {report.columns.map((column) => (
                <td data-label={column.header} class={column.key === 'id' ? 'cell-token' : undefined}>
                  <Cell column={column} value={row[column.key]} />
                </td>
              ))}
              {pdf ? (
                <td class="cell-actions">
                  <a
                    class="button button-small"
                    href={transcriptPath(base, row.id)}
                    {...{ [TIMEZONE_LINK_ATTR]: '' }}
                    download
                  >
                    PDF<span class="visually-hidden"> transcript of {row.visitorName ?? 'visitor'}</span>
                  </a>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The part filters and pages replace: the total, the export link, the table and the pager. */
export function ReportResults(props: ReportViewProps) {
  const { base, report, query, nextCursor } = props;
  const path = reportsPath(base, report.slug);
  const { after: _after, ...filters } = query;
  const exportHref = listUrl(`${path}/export`, filters);
  return (
    <section id={REPORT_RESULTS_ID} aria-label={report.title}>
      {props.rangeError ? (
        <p class="alert alert-error" role="alert">
          {props.rangeError}
        </p>
      ) : (
        <div class="report-summary">
          <p class="muted" id="report-total">
            {cappedCount(props.total, props.countCap)} {props.total === 1 ? 'chat' : 'chats'}
          </p>
          {props.canExport ? (
            <a class="button button-small" href={exportHref} download>
              Download CSV
            </a>
          ) : null}
        </div>
      )}
      <ReportTable {...props} />
      <KeysetPager path={path} query={query} nextCursor={nextCursor} swap={region} />
    </section>
  );
}

export interface FiltersFormProps {
  action: string;
  query: Record<string, string>;
  agents: Array<{ id: string; name: string }>;
  projects: Array<{ id: string; title: string }>;
  rangeError?: string | undefined;
  /** The region the results replace (defaults to the row reports'). */
  target?: string;
}

/** The filters every report shares (REP-1), as a GET form: they live in the URL. */
export function ReportFiltersForm(props: FiltersFormProps) {
  const { action, query, agents, projects } = props;
  const swap = props.target ? { ...region, 'hx-target': props.target, 'hx-select': props.target } : region;
  const id = (name: string) => `report-${name}`;
  return (
    <form
      class="card filters report-filters"
      method="get"
      action={action}
      hx-get={action}
      {...swap}
      aria-label="Filter report"
    >
      <DayRangeFields idPrefix="report" from={query.from} to={query.to} invalid={Boolean(props.rangeError)} />
      <div class="field">
        <label for={id('project')}>Project</label>
        <select id={id('project')} name="project">
          <option value="">Any project</option>
          {projects.map((project) => (
            <option value={project.id} selected={query.project === project.id}>
              {project.title}
            </option>
          ))}
        </select>
      </div>
      {agents.length === 0 ? null : <AgentField id={id('agent')} agents={agents} selected={query.agent} />}
      <div class="field">
        <label for={id('status')}>Status</label>
        <select id={id('status')} name="status">
          <option value="">Any status</option>
          {Object.entries(statusLabel).map(([value, label]) => (
            <option value={value} selected={query.status === value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={id('stage')}>Lead stage</label>
        <select id={id('stage')} name="stage">
          <option value="">Any stage</option>
          {Object.entries(stageLabel).map(([value, label]) => (
            <option value={value} selected={query.stage === value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <FilterActions resetHref={action} />
    </form>
  );
}

function AgentField(props: { id: string; agents: FiltersFormProps['agents']; selected: string | undefined }) {
  return (
    <div class="field">
      <label for={props.id}>Agent</label>
      <select id={props.id} name="agent">
        <option value="">Any agent</option>
        {props.agents.map((agent) => (
          <option value={agent.id} selected={props.selected === agent.id}>
            {agent.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The reports of a console, as tabs above each report (the current one marked). */
export function ReportTabs({
  base,
  current,
  analytics = true,
}: {
  base: string;
  current: string;
  analytics?: boolean;
}) {
  const tabs = [
    ...REPORT_SLUGS.map((slug) => ({ slug, title: REPORTS[slug].title })),
    ...(analytics ? [{ slug: ANALYTICS_SLUG as typeof ANALYTICS_SLUG, title: 'CRM analytics' }] : []),
  ];
  return (
    <nav class="status-tabs" aria-label="Reports">
      {tabs.map((tab) => (
        <a href={reportsPath(base, tab.slug)} aria-current={tab.slug === current ? 'page' : undefined}>
          {tab.title}
        </a>
      ))}
    </nav>
  );
}

/** The stylesheets of report pages (the QA and agent consoles have no console tables of their own). */
export const reportStyles = (role: ShellUser['role']): string[] => [
  ...(role === 'qa' || role === 'agent' ? ['/static/css/console.css', '/static/css/console-chats.css'] : []),
  '/static/css/console-reports.css',
];

export function ReportPage(props: ReportViewProps & { user: ShellUser }) {
  const { base, report } = props;
  return (
    <AppShell
      title={report.title}
      user={props.user}
      currentPath={reportsPath(base, report.slug)}
      scripts={['/static/js/report-links.js']}
      styles={reportStyles(props.user.role)}
    >
      <div class="page-header">
        <div>
          <h1>{report.title}</h1>
          <p class="muted">
            {report.description} Newest chats first; dates are when the chat started (UTC).
            {props.user.role === 'agent' ? ' Only the chats you hold.' : ''}
          </p>
        </div>
      </div>
      <ReportTabs base={base} current={report.slug} analytics={props.user.role !== 'agent'} />
      <ReportFiltersForm action={reportsPath(base, report.slug)} {...props} />
      <ReportResults {...props} />
    </AppShell>
  );
}

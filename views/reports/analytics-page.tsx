import {
  type AgentFigures,
  type CrmAnalytics,
  durationText,
  type FunnelRow,
} from '../../src/reports/analytics.ts';
import { ANALYTICS_SLUG, reportsPath } from '../../src/reports/report.ts';
import { stageLabel } from '../components/format.ts';
import { listUrl } from '../components/keyset-pager.tsx';
import { TableHead } from '../components/table-head.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { DailyBars, HorizontalBars } from './charts.tsx';
import { ReportFiltersForm, ReportTabs, reportStyles } from './report-page.tsx';

export interface AnalyticsViewProps {
  base: string;
  query: Record<string, string>;
  data: CrmAnalytics | undefined;
  rangeError?: string | undefined;
  agents: Array<{ id: string; name: string }>;
  projects: Array<{ id: string; title: string }>;
  canExport: boolean;
}

const STAGES = ['new', 'qualified', 'not_qualified', 'converted'] as const;
const money = (value: number) =>
  value.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const rate = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

function AgentTable({ agents, names }: { agents: AgentFigures[]; names: Record<string, string> }) {
  if (agents.length === 0)
    return <p class="muted">No agent handled or answered a chat under these filters.</p>;
  return (
    <div class="table-wrap">
      <table class="table" id="analytics-agents">
        <TableHead
          columns={[
            { label: 'Agent' },
            { label: 'Chats handled' },
            { label: 'Messages sent' },
            { label: 'First response p50' },
            { label: 'First response p90' },
            { label: 'Resolution p50' },
            ...STAGES.map((stage) => ({ label: stageLabel[stage] ?? stage })),
            { label: 'Conversion rate' },
          ]}
        />
        <tbody>
          {agents.map((agent) => (
            <tr id={`analytics-agent-${agent.agentId}`}>
              <td>{names[agent.agentId] ?? 'Former staff'}</td>
              <td>{agent.chats}</td>
              <td>{agent.messagesSent}</td>
              <td>{durationText(agent.firstResponse.p50)}</td>
              <td>{durationText(agent.firstResponse.p90)}</td>
              <td>{durationText(agent.resolution.p50)}</td>
              {STAGES.map((stage) => (
                <td>{agent.stages[stage]}</td>
              ))}
              <td>{rate(agent.conversionRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FunnelTable(props: {
  id: string;
  first: string;
  rows: FunnelRow[];
  label: (key: string) => string;
}) {
  return (
    <div class="table-wrap">
      <table class="table" id={props.id}>
        <TableHead
          columns={[
            { label: props.first },
            { label: 'Chats' },
            ...STAGES.map((stage) => ({ label: stageLabel[stage] ?? stage })),
            { label: 'Converted value' },
          ]}
        />
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <td>{props.label(row.key)}</td>
              <td>{row.chats}</td>
              {STAGES.map((stage) => (
                <td>{row.stages[stage]}</td>
              ))}
              <td>{money(row.convertedValue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Everything the filters replace: the summary, the charts and the tables. */
export function AnalyticsResults(props: AnalyticsViewProps) {
  const { data } = props;
  const { after: _after, ...filters } = props.query;
  const exportHref = listUrl(`${reportsPath(props.base, ANALYTICS_SLUG)}/export`, filters);
  if (!data) {
    return (
      <section id="analytics-results" aria-label="CRM analytics">
        <p class="alert alert-error" role="alert">
          {props.rangeError}
        </p>
      </section>
    );
  }
  return (
    <section id="analytics-results" aria-label="CRM analytics">
      <div class="report-summary">
        <p class="muted" id="report-total">
          {data.chats.toLocaleString('en')} {data.chats === 1 ? 'chat' : 'chats'}
          {data.capped ? ' (the newest only: narrow the filters for the rest)' : ''} · converted value{' '}
          {money(data.convertedValue)}
        </p>
        {props.canExport ? (
          <a class="button button-small" href={exportHref} download>
            Download CSV
          </a>
        ) : null}
      </div>
      <div class="chart-grid">
        <figure class="card chart-card">
          <figcaption>Lead funnel</figcaption>
          <HorizontalBars
            title="Chats by lead stage"
            bars={STAGES.map((stage) => ({ label: stageLabel[stage] ?? stage, value: data.stages[stage] }))}
          />
        </figure>
        <figure class="card chart-card">
          <figcaption>Chats per day</figcaption>
          <DailyBars title="Chats started per day (UTC)" days={data.daily} />
        </figure>
      </div>
      <h2>Per agent</h2>
      <AgentTable agents={data.agents} names={data.names} />
      <h2>Funnel by project</h2>
      <FunnelTable
        id="analytics-projects"
        first="Project"
        rows={data.byProject}
        label={(key) => data.projectTitles[key] ?? key}
      />
      <h2>Funnel by campaign</h2>
      <FunnelTable
        id="analytics-campaigns"
        first="UTM campaign"
        rows={data.byCampaign}
        label={(key) => key || '(none)'}
      />
    </section>
  );
}

export function AnalyticsPage(props: AnalyticsViewProps & { user: ShellUser }) {
  const { base } = props;
  const path = reportsPath(base, ANALYTICS_SLUG);
  return (
    <AppShell
      title="CRM analytics"
      user={props.user}
      currentPath={path}
      styles={reportStyles(props.user.role)}
    >
      <div class="page-header">
        <div>
          <h1>CRM analytics</h1>
          <p class="muted">
            Per-agent productivity (the AI as its own agent) and the lead funnel, for the chats started in the
            range (UTC). First response: from the chat’s start to the first message of staff or the AI.
          </p>
        </div>
      </div>
      <ReportTabs base={base} current={ANALYTICS_SLUG} />
      <ReportFiltersForm
        action={path}
        query={props.query}
        agents={props.agents}
        projects={props.projects}
        rangeError={props.rangeError}
        target="#analytics-results"
      />
      <AnalyticsResults {...props} />
    </AppShell>
  );
}

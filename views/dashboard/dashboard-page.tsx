import type {
  DashboardLive,
  DashboardPeriodData,
  DashboardRange,
  FirstResponseFigures,
} from '../../src/dashboard/dashboard.ts';
import {
  DASHBOARD_PERIODS,
  FIRST_RESPONSE_SAMPLE,
  MAX_DASHBOARD_DAYS,
} from '../../src/dashboard/dashboard.ts';
import { durationText } from '../../src/reports/analytics.ts';
import { ANALYTICS_SLUG, reportsPath } from '../../src/reports/report.ts';
import { DayRangeFields } from '../components/field.tsx';
import { cappedCount, stageLabel, statusLabel } from '../components/format.ts';
import { DASHBOARD_BODY_ID, DASHBOARD_LIVE_ID, DASHBOARD_PERIOD_ID, LIVE_REFRESH_EVENT } from '../dom-ids.ts';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { DailyBars } from '../reports/charts.tsx';
import { AgentsCard, QueueCard } from './live-cards.tsx';

export interface DashboardProps {
  base: string;
  /** The query as typed (days, from, to), for the form and the regions' own URLs. */
  query: Record<string, string>;
  countCap: number;
  range: DashboardRange | undefined;
  /** The range cannot be shown (backwards, too long): said instead of figures. */
  rangeError?: string | undefined;
  live: DashboardLive | undefined;
  period: DashboardPeriodData | undefined;
}

const withQuery = (path: string, params: Record<string, string | undefined>) => {
  const query = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
  return query ? `${path}?${query}` : path;
};

/** Links into the reports, the chats table and the lead inbox under the dashboard's period. */
export function dashboardLinks(base: string, range: DashboardRange) {
  const span = { from: range.days[0], to: range.days.at(-1) };
  return {
    chatData: (filters: Record<string, string | undefined> = {}) =>
      withQuery(reportsPath(base, 'chat-data'), { ...span, ...filters }),
    analytics: (filters: Record<string, string | undefined> = {}) =>
      withQuery(reportsPath(base, ANALYTICS_SLUG), { ...span, ...filters }),
    leads: (filters: Record<string, string | undefined> = {}) =>
      withQuery(`${base}/leads`, { ...span, ...filters }),
    chats: (status: string) => withQuery(`${base}/chats`, { status, ...span }),
    day: (day: string) => ({ from: day, to: day }),
  };
}

const money = (value: number) => value.toLocaleString('en', { maximumFractionDigits: 2 });

/** The live region: chats by status, the queue and agent presence; reloads on staff-topic events. */
export function DashboardLiveRegion(
  props: { base: string; query: Record<string, string> } & DashboardLive & {
      range: DashboardRange;
      countCap: number;
    },
) {
  const { base, query, counts, countCap, range } = props;
  const links = dashboardLinks(base, range);
  return (
    <div
      id={DASHBOARD_LIVE_ID}
      data-live-refresh
      hx-get={withQuery(`${base}/dashboard/live`, query)}
      hx-trigger={`${LIVE_REFRESH_EVENT}, every 30s`}
      hx-swap="outerHTML"
    >
      <section class="stats" aria-label="Chats by status">
        {(['unassigned', 'active', 'offline', 'closed'] as const).map((status) => (
          <a class={`stat stat-${status}`} href={links.chats(status)}>
            <span class="stat-label">{statusLabel[status]}</span>
            <span class="stat-value">{cappedCount(counts[status], countCap)}</span>
          </a>
        ))}
      </section>
      <div class="dashboard-grid">
        <QueueCard base={base} waiting={props.waiting} queue={props.queue} countCap={countCap} />
        <AgentsCard agents={props.agents} analyticsHref={links.analytics()} />
      </div>
    </div>
  );
}

function Kpi(props: { label: string; value: string; note?: string; href: string; tone?: string }) {
  return (
    <a class={`stat kpi${props.tone ? ` kpi-${props.tone}` : ''}`} href={props.href}>
      <span class="stat-label">{props.label}</span>
      <span class="stat-value">{props.value}</span>
      {props.note ? <span class="kpi-note">{props.note}</span> : null}
    </a>
  );
}

function firstResponseNote(figures: FirstResponseFigures) {
  if (figures.sampled === 0) return 'No chats in the period';
  const of =
    figures.sampled >= FIRST_RESPONSE_SAMPLE ? `newest ${FIRST_RESPONSE_SAMPLE.toLocaleString('en')}` : '';
  return `p90 ${durationText(figures.p90)} · ${figures.answered.toLocaleString('en')} answered${of ? ` of the ${of}` : ''}`;
}

/** The period's figures: totals, trends, projects, campaigns, stages and tracking. */
export function DashboardPeriodRegion(props: {
  base: string;
  query: Record<string, string>;
  range: DashboardRange;
  data: DashboardPeriodData;
}) {
  const { base, query, range, data } = props;
  const links = dashboardLinks(base, range);
  const chats = data.trend.reduce((sum, d) => sum + d.chats, 0);
  const leads = data.trend.reduce((sum, d) => sum + d.leads, 0);
  const converted = data.campaigns.reduce((sum, c) => sum + c.converted, 0);
  const value = data.campaigns.reduce((sum, c) => sum + c.value, 0);
  return (
    <div
      id={DASHBOARD_PERIOD_ID}
      hx-get={withQuery(base, query)}
      hx-trigger="every 300s"
      hx-select={`#${DASHBOARD_PERIOD_ID}`}
      hx-swap="outerHTML"
    >
      <section class="stats kpis" aria-label="The period at a glance">
        <Kpi label="Chats started" value={chats.toLocaleString('en')} href={links.chatData()} />
        <Kpi label="New leads" value={leads.toLocaleString('en')} href={links.leads()} />
        <Kpi
          label="Converted"
          value={converted.toLocaleString('en')}
          note={`Value ${money(value)}`}
          href={links.chatData({ stage: 'converted' })}
          tone="success"
        />
        <Kpi
          label="First response, median"
          value={durationText(data.firstResponse.p50)}
          note={firstResponseNote(data.firstResponse)}
          href={links.analytics()}
        />
      </section>
      <div class="chart-grid">
        <TrendCard
          id="trend-chats"
          title="Chats per day"
          days={data.trend.map((d) => ({ day: d.day, chats: d.chats, text: d.chats.toLocaleString('en') }))}
          href={(day) => links.chatData(links.day(day))}
          more={{ href: links.analytics(), label: 'CRM analytics' }}
          fill="#2563eb"
        />
        <TrendCard
          id="trend-leads"
          title="New leads per day"
          days={data.trend.map((d) => ({ day: d.day, chats: d.leads, text: d.leads.toLocaleString('en') }))}
          href={(day) => links.leads(links.day(day))}
          more={{ href: links.leads(), label: 'Leads' }}
          fill="#16a34a"
        />
      </div>
      <div class="dashboard-grid">
        <ProjectsCard links={links} projects={data.projects} />
        <CampaignsCard campaigns={data.campaigns} href={links.analytics({ stage: 'converted' })} />
      </div>
      <div class="dashboard-grid">
        <StageCard stages={data.stages} href={(stage) => links.chatData({ stage })} />
        <ConversionEventsCard {...data.tracking} />
      </div>
    </div>
  );
}

function TrendCard(props: {
  id: string;
  title: string;
  days: Array<{ day: string; chats: number; text: string }>;
  href: (day: string) => string;
  more: { href: string; label: string };
  fill: string;
}) {
  return (
    <figure class="card chart-card" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`} class="card-header">
        <span>{props.title}</span>
        <a class="small" href={props.more.href}>
          {props.more.label} →
        </a>
      </figcaption>
      <DailyBars title={props.title} days={props.days} href={props.href} fill={props.fill} />
    </figure>
  );
}

function ProjectsCard(props: {
  links: ReturnType<typeof dashboardLinks>;
  projects: DashboardPeriodData['projects'];
}) {
  const { links, projects } = props;
  return (
    <section class="card" aria-labelledby="projects-heading">
      <div class="card-header">
        <h2 id="projects-heading">By project</h2>
        <a class="small" href={links.chatData()}>
          Chat data →
        </a>
      </div>
      {projects.length === 0 ? (
        <p class="muted">No projects yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="table dashboard-table">
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col" class="num">
                  Chats
                </th>
                <th scope="col" class="num">
                  Leads
                </th>
                <th scope="col" class="num">
                  Converted
                </th>
                <th scope="col" class="num">
                  Value
                </th>
              </tr>
            </thead>
            <tbody>
              {projects.map((project) => (
                <tr>
                  <th scope="row">{project.title}</th>
                  <td class="num">
                    <a
                      href={links.chatData({ project: project.id })}
                      aria-label={`${project.title}: ${project.chats.toLocaleString('en')} chats`}
                    >
                      {project.chats.toLocaleString('en')}
                    </a>
                  </td>
                  <td class="num">
                    <a
                      href={links.leads({ project: project.id })}
                      aria-label={`${project.title}: ${project.leads.toLocaleString('en')} leads`}
                    >
                      {project.leads.toLocaleString('en')}
                    </a>
                  </td>
                  <td class="num">
                    <a
                      href={links.chatData({ project: project.id, stage: 'converted' })}
                      aria-label={`${project.title}: ${project.converted} converted`}
                    >
                      {project.converted.toLocaleString('en')}
                    </a>
                  </td>
                  <td class="num">{money(project.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CampaignsCard(props: { campaigns: DashboardPeriodData['campaigns']; href: string }) {
  const shown = props.campaigns.slice(0, 8);
  const max = Math.max(1, ...shown.map((c) => c.converted));
  return (
    <section class="card" aria-labelledby="campaigns-heading">
      <div class="card-header">
        <h2 id="campaigns-heading">Conversions by campaign</h2>
        <a class="small" href={props.href}>
          Funnel by campaign →
        </a>
      </div>
      {shown.length === 0 ? (
        <p class="muted">No converted chats in the period.</p>
      ) : (
        <ul class="campaign-list">
          {shown.map((c) => (
            <li>
              <span class={c.campaign ? 'cell-title' : 'cell-title muted'}>
                {c.campaign || 'No campaign'}
              </span>
              <meter
                min={0}
                max={max}
                value={c.converted}
                aria-label={`${c.campaign || 'No campaign'} share`}
              />
              <span class="load-figure">{c.converted.toLocaleString('en')}</span>
              <span class="campaign-value">{money(c.value)}</span>
            </li>
          ))}
        </ul>
      )}
      {props.campaigns.length > shown.length ? (
        <p class="muted small">And {props.campaigns.length - shown.length} more in CRM analytics.</p>
      ) : null}
    </section>
  );
}

function StageCard(props: { stages: DashboardPeriodData['stages']; href: (stage: string) => string }) {
  const total = props.stages.reduce((sum, s) => sum + s.count, 0);
  return (
    <section class="card" aria-labelledby="stages-heading">
      <div class="card-header">
        <h2 id="stages-heading">Lead stages</h2>
        <span class="muted small">{total.toLocaleString('en')} chats</span>
      </div>
      <ul class="stage-list">
        {Object.entries(stageLabel).map(([stage, label]) => {
          const count = props.stages.find((s) => s.stage === stage)?.count ?? 0;
          return (
            <li>
              <a href={props.href(stage)}>{label}</a>
              <meter min={0} max={total || 1} value={count} aria-label={`${label} share`} />
              <span class="load-figure">{count.toLocaleString('en')}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Conversion tracking's last day (TRACK-3); each project's delivery log is on its tracking page. */
function ConversionEventsCard({ sent, failed }: { sent: number; failed: number }) {
  return (
    <section class="card" aria-labelledby="conversions-heading">
      <div class="card-header">
        <h2 id="conversions-heading">Conversion events, last 24 h</h2>
      </div>
      <p>
        <strong>{sent.toLocaleString('en')}</strong> delivered to Meta and GA4 ·{' '}
        <strong>{failed.toLocaleString('en')}</strong> failed
      </p>
      {failed > 0 ? (
        <p class="muted small">
          See Projects → a project → Conversion tracking for the delivery log and Retry.
        </p>
      ) : null}
    </section>
  );
}

/** Everything below the header: swapped whole when the period changes. */
export function DashboardBody(props: DashboardProps) {
  const { base, query, range, live, period, countCap } = props;
  return (
    <div id={DASHBOARD_BODY_ID}>
      {props.rangeError || !range || !live || !period ? (
        <p class="alert alert-error" role="alert">
          {props.rangeError}
        </p>
      ) : (
        <>
          <DashboardLiveRegion base={base} query={query} range={range} countCap={countCap} {...live} />
          <DashboardPeriodRegion base={base} query={query} range={range} data={period} />
        </>
      )}
    </div>
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayLabel = (day: string) => `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;

function PeriodPicker(props: {
  base: string;
  query: Record<string, string>;
  range: DashboardRange | undefined;
}) {
  const current = props.range?.period;
  return (
    <nav class="status-tabs period-tabs" aria-label="Period">
      {DASHBOARD_PERIODS.map((days) => (
        <a
          href={withQuery(props.base, { days: String(days) })}
          aria-current={current === days ? 'page' : undefined}
        >
          {days} days
        </a>
      ))}
    </nav>
  );
}

export function DashboardPage(props: DashboardProps & { user: ShellUser }) {
  const { base, query, range } = props;
  const first = range?.days[0];
  const last = range?.days.at(-1);
  return (
    <AppShell
      title="Dashboard"
      user={props.user}
      currentPath={base}
      scripts={['/static/js/console-live.js']}
      styles={['/static/css/console-reports.css', '/static/css/console-dashboard.css']}
    >
      <div class="page-header dashboard-header">
        <div>
          <h1>Dashboard</h1>
          <p class="muted">
            {first && last
              ? `${dayLabel(first)} – ${dayLabel(last)} ${last.slice(0, 4)} (UTC, by chat start) · queue and agents are live`
              : `Up to ${MAX_DASHBOARD_DAYS} days, by chat start`}
          </p>
        </div>
        <div class="dashboard-controls">
          <PeriodPicker base={base} query={query} range={range} />
          <form class="range-form" method="get" action={base}>
            <DayRangeFields
              idPrefix="dashboard"
              from={query.from ?? (range?.period ? undefined : first)}
              to={query.to ?? (range?.period ? undefined : last)}
              invalid={Boolean(props.rangeError)}
            />
            <button type="submit" class="button">
              Apply
            </button>
          </form>
        </div>
      </div>
      <DashboardBody {...props} />
    </AppShell>
  );
}

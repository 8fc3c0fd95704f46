import type { AgentOverview } from '../../src/staff/staff.ts';
import { DayRangeFields } from '../components/field.tsx';
import { cappedCount, stageLabel, statusLabel } from '../components/format.ts';
import { LIVE_REFRESH_EVENT } from '../dom-ids.ts';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

export interface DashboardProps {
  base: string;
  query: Record<string, string>;
  counts: Record<'unassigned' | 'active' | 'offline' | 'closed', number>;
  countCap: number;
  stages: Array<{ stage: string; count: number }>;
  agents: AgentOverview[];
  /** The range ends before it starts: said instead of figures that would all be zero. */
  rangeError?: string | undefined;
  /** Conversion events to Meta and GA4 in the last 24 h (TRACK-3), whatever the range. */
  conversions?: { sent: number; failed: number };
}

function presence(agent: AgentOverview) {
  if (!agent.agent.isActive) return <span class="pill pill-closed">Disabled</span>;
  if (!agent.online) return <span class="pill pill-closed">Offline</span>;
  if (agent.agent.onBreak) return <span class="pill pill-warning">On break</span>;
  return <span class="pill pill-success">Online</span>;
}

/** The live part of the dashboard: reloads on staff-topic events (console-live.js), and every minute. */
export function DashboardPanels(props: DashboardProps) {
  const { base, query, counts, countCap, stages, agents, rangeError } = props;
  const params = new URLSearchParams(query).toString();
  const self = `${base}${params ? `?${params}` : ''}`;
  const online = agents.filter((a) => a.online && a.agent.isActive);
  return (
    <div
      id="dashboard-panels"
      data-live-refresh
      hx-get={self}
      hx-trigger={`${LIVE_REFRESH_EVENT}, every 60s`}
      hx-swap="outerHTML"
      hx-select="#dashboard-panels"
    >
      {rangeError ? (
        <p class="alert alert-error" role="alert">
          {rangeError}
        </p>
      ) : (
        <section class="stats" aria-label="Chats by status">
          {(['unassigned', 'active', 'offline', 'closed'] as const).map((status) => (
            <a class={`stat stat-${status}`} href={`${base}/chats?status=${status}`}>
              <span class="stat-label">{statusLabel[status]}</span>
              <span class="stat-value">{cappedCount(counts[status], countCap)}</span>
            </a>
          ))}
        </section>
      )}
      <div class="grid-2">
        <section class="card" aria-labelledby="agents-heading">
          <div class="card-header">
            <h2 id="agents-heading">Agents</h2>
            <span class="muted small">
              {online.length} of {agents.length} online
            </span>
          </div>
          {agents.length === 0 ? (
            <p class="muted">No agents yet.</p>
          ) : (
            <ul class="agent-list">
              {agents.map((a) => (
                <li>
                  <span class="cell-title">{a.agent.displayName}</span>
                  {presence(a)}
                  <span class="load-figure" title="Active chats / limit">
                    {a.load.active}/{a.agent.activeLimit}
                  </span>
                  <meter
                    min={0}
                    max={a.agent.activeLimit || 1}
                    value={a.load.active}
                    aria-label={`${a.agent.displayName} load`}
                  />
                </li>
              ))}
            </ul>
          )}
        </section>
        {rangeError ? null : <StageCard stages={stages} countCap={countCap} />}
      </div>
      {props.conversions ? <ConversionCard {...props.conversions} /> : null}
    </div>
  );
}

/** Conversion tracking's last day (TRACK-3); each project's delivery log is on its tracking page. */
function ConversionCard({ sent, failed }: { sent: number; failed: number }) {
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

function StageCard({ stages, countCap }: { stages: DashboardProps['stages']; countCap: number }) {
  // Each stage is counted up to the cap (PERF-2); a capped stage makes the total a floor too.
  const stageTotal = stages.reduce((sum, s) => sum + s.count, 0);
  const capped = stages.some((s) => s.count >= countCap);
  return (
    <section class="card" aria-labelledby="stages-heading">
      <div class="card-header">
        <h2 id="stages-heading">Lead stages</h2>
        <span class="muted small">
          {stageTotal.toLocaleString('en')}
          {capped ? '+' : ''} leads
        </span>
      </div>
      <ul class="stage-list">
        {Object.entries(stageLabel).map(([stage, label]) => {
          const count = stages.find((s) => s.stage === stage)?.count ?? 0;
          return (
            <li>
              <span>{label}</span>
              <meter min={0} max={stageTotal || 1} value={count} aria-label={`${label} share`} />
              <span class="load-figure">{cappedCount(count, countCap)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function DashboardPage(props: DashboardProps & { user: ShellUser }) {
  const { base, query } = props;
  return (
    <AppShell title="Dashboard" user={props.user} currentPath={base} scripts={['/static/js/console-live.js']}>
      <div class="page-header">
        <div>
          <h1>Dashboard</h1>
          <p class="muted">Chats started in the chosen range; agent presence is live.</p>
        </div>
        <form
          class="range-form"
          method="get"
          action={base}
          hx-get={base}
          hx-target="#dashboard-panels"
          hx-select="#dashboard-panels"
          hx-swap="outerHTML"
          hx-push-url="true"
        >
          <DayRangeFields
            idPrefix="dashboard"
            from={query.from}
            to={query.to}
            invalid={Boolean(props.rangeError)}
          />
          <button type="submit" class="button">
            Apply
          </button>
        </form>
      </div>
      <DashboardPanels {...props} />
    </AppShell>
  );
}

import {
  FOLLOW_UP_FILTERS,
  followUpFilterLabel,
  LEAD_SOURCES,
  type LeadRow,
  type LeadSource,
} from '../../src/crm/lead.ts';
import { DayRangeFields } from '../components/field.tsx';
import { FilterActions, FilterTabs } from '../components/filter-tabs.tsx';
import { cappedCount, shortTime, stageLabel } from '../components/format.ts';
import { KeysetPager, listUrl } from '../components/keyset-pager.tsx';
import { TableHead } from '../components/table-head.tsx';
import { AppShell, type NavItem, type ShellUser } from '../layouts/app-shell.tsx';
import { leadBoardPath, leadPath, leadsPath, sourceLabel } from './crm-labels.ts';
import { ANY_LEAD, LEAD_LIVE_SCRIPT, leadLive } from './lead-live-dom-ids.ts';

/** The lead inbox (CRM-1, CRM-4): source tabs, filters, a keyset-paged table and its CSV export. */
export interface LeadsViewProps {
  base: string;
  /** The filters as typed, to refill the form and build links. */
  query: Record<string, string>;
  source: LeadSource | undefined;
  rows: LeadRow[];
  counts: Record<LeadSource, number>;
  countCap: number;
  agents: Array<{ id: string; name: string }>;
  projects: Array<{ id: string; name: string }>;
  /** An agent's inbox: "mine / unassigned" instead of the agent filter. */
  forAgent: boolean;
  nextCursor?: string | undefined;
  rangeError?: string | undefined;
}

const region = {
  'hx-target': '#leads-results',
  'hx-select': '#leads-results',
  'hx-swap': 'outerHTML',
  'hx-push-url': 'true',
};

function SourceTabs({ base, query, source, counts, countCap }: LeadsViewProps) {
  const total = LEAD_SOURCES.reduce((sum, key) => sum + counts[key], 0);
  const tabs = [
    { key: undefined, label: 'All', count: total },
    ...LEAD_SOURCES.map((key) => ({ key, label: sourceLabel(key), count: counts[key] })),
  ].map((tab) => ({
    href: listUrl(leadsPath(base), query, { source: tab.key, after: undefined }),
    label: tab.label,
    count: cappedCount(tab.count, countCap),
    current: tab.key === source,
  }));
  return <FilterTabs label="Lead source" tabs={tabs} swap={region} />;
}

function LeadsTable({ base, rows }: { base: string; rows: LeadRow[] }) {
  if (rows.length === 0) {
    return (
      <div class="card empty-state">
        <p>No leads match these filters.</p>
      </div>
    );
  }
  return (
    <div class="table-wrap">
      <table class="table table-cards" id="leads-table">
        <TableHead
          columns={[
            { label: 'Lead' },
            { label: 'Stage' },
            { label: 'Source' },
            { label: 'Agent' },
            { label: 'Follow-up' },
            { label: 'Campaign' },
            { label: 'Project' },
            { label: 'Created' },
          ]}
        />
        <tbody>
          {rows.map((row) => (
            <tr id={`lead-row-${row.id}`}>
              <td class="card-title-cell">
                <a class="cell-title" href={leadPath(base, row.id)}>
                  {row.name ?? row.email ?? row.phone ?? 'Lead'}
                </a>
                <span class="cell-sub">{[row.phone, row.email].filter(Boolean).join(' · ') || '—'}</span>
                {row.duplicateOfId ? <span class="pill pill-closed">Repeat contact</span> : null}
              </td>
              <td class="card-aside">
                <span class={`pill pill-stage-${row.stage}`}>{stageLabel[row.stage] ?? row.stage}</span>
              </td>
              <td data-label="Source">{sourceLabel(row.source)}</td>
              <td data-label="Agent">{row.assigneeName ?? <span class="muted">Unassigned</span>}</td>
              <td data-label="Follow-up">{row.followUpOn ?? <span class="muted">—</span>}</td>
              <td data-label="Campaign">{row.utmCampaign ?? <span class="muted">—</span>}</td>
              <td data-label="Project">{row.projectTitle ?? '—'}</td>
              <td class="muted small" data-label="Created">
                {shortTime(row.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The part of the page that filters and pages replace (tabs, table, pager). */
export function LeadsResults(props: LeadsViewProps) {
  const { base, query, nextCursor } = props;
  const csv = listUrl(`${leadsPath(base)}.csv`, query, { after: undefined });
  return (
    <section id="leads-results" aria-label="Leads" {...leadLive(ANY_LEAD)}>
      {props.rangeError ? (
        <p class="alert alert-error" role="alert">
          {props.rangeError}
        </p>
      ) : (
        <>
          <div class="results-bar">
            <SourceTabs {...props} />
            <a
              class="button button-small"
              href={listUrl(leadBoardPath(base), query, { after: undefined, stage: undefined })}
            >
              Board view
            </a>
            <a class="button button-small" href={csv} download>
              Export CSV
            </a>
          </div>
          <LeadsTable base={base} rows={props.rows} />
        </>
      )}
      <KeysetPager path={leadsPath(base)} query={query} nextCursor={nextCursor} swap={region} />
    </section>
  );
}

function Select(props: {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  any: string;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        <option value="">{props.any}</option>
        {props.options.map((option) => (
          <option value={option.value} selected={props.value === option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export type LeadFiltersProps = Pick<
  LeadsViewProps,
  'base' | 'query' | 'forAgent' | 'agents' | 'projects' | 'rangeError'
> & {
  /** Where the form filters (the inbox, or the pipeline board) and the region it replaces. */
  action?: string | undefined;
  swap?: Record<string, string> | undefined;
  /** The board's columns are the stages: it has no stage filter. */
  withStage?: boolean | undefined;
};

/** The inbox's filters; the pipeline board shares them (BEYOND-8). */
export function LeadFiltersForm(props: LeadFiltersProps) {
  const { base, query } = props;
  const action = props.action ?? leadsPath(base);
  const swap = props.swap ?? region;
  return (
    <form
      class="card filters"
      method="get"
      action={action}
      hx-get={action}
      {...swap}
      aria-label="Filter leads"
    >
      {query.source ? <input type="hidden" name="source" value={query.source} /> : null}
      <div class="field">
        <label for="leads-search">Name, phone or email</label>
        <input
          id="leads-search"
          name="q"
          type="search"
          value={query.q ?? ''}
          autocomplete="off"
          maxlength={100}
          hx-get={action}
          hx-trigger="input changed delay:400ms"
          hx-include="closest form"
          {...swap}
        />
      </div>
      {props.withStage === false ? null : (
        <Select
          id="leads-stage"
          name="stage"
          label="Stage"
          value={query.stage}
          any="Any stage"
          options={Object.entries(stageLabel).map(([value, label]) => ({ value, label }))}
        />
      )}
      {props.forAgent ? (
        <Select
          id="leads-owner"
          name="agent"
          label="Leads"
          value={query.agent}
          any="Mine"
          options={[{ value: 'none', label: 'Unassigned' }]}
        />
      ) : (
        <Select
          id="leads-agent"
          name="agent"
          label="Agent"
          value={query.agent}
          any="Any agent"
          options={[
            { value: 'none', label: 'Unassigned' },
            ...props.agents.map((agent) => ({ value: agent.id, label: agent.name })),
          ]}
        />
      )}
      <Select
        id="leads-project"
        name="project"
        label="Project"
        value={query.project}
        any="Any project"
        options={props.projects.map((project) => ({ value: project.id, label: project.name }))}
      />
      <Select
        id="leads-follow-up"
        name="followup"
        label="Follow-up"
        value={query.followup}
        any="Any"
        options={FOLLOW_UP_FILTERS.map((value) => ({ value, label: followUpFilterLabel[value] }))}
      />
      <DayRangeFields idPrefix="leads" from={query.from} to={query.to} invalid={Boolean(props.rangeError)} />
      <FilterActions resetHref={action} />
    </form>
  );
}

export function LeadsPage(
  props: LeadsViewProps & {
    user: ShellUser;
    nav?: NavItem[] | undefined;
    /** Consoles without the admin stylesheets of their own (agent, QA) load them here. */
    withConsoleStyles: boolean;
  },
) {
  return (
    <AppShell
      title="Leads"
      user={props.user}
      nav={props.nav}
      currentPath={leadsPath(props.base)}
      scripts={[LEAD_LIVE_SCRIPT]}
      styles={props.withConsoleStyles ? ['/static/css/console.css', '/static/css/console-chats.css'] : []}
    >
      <div class="page-header">
        <div>
          <h1>Leads</h1>
          <p class="muted">
            {props.forAgent
              ? 'Your leads, and the unassigned ones you can pick up.'
              : 'Every lead from chats, web forms, uploads and Google Sheets, newest first.'}
          </p>
        </div>
        {props.base === '/admin' || props.base === '/manager' ? (
          <div class="page-actions">
            <a class="button" href={`${leadsPath(props.base)}/import`}>
              Import a CSV file
            </a>
            {props.base === '/admin' ? (
              <a class="button" href="/admin/lead-sources">
                Google Sheets sources
              </a>
            ) : null}
          </div>
        ) : null}
      </div>
      <LeadFiltersForm {...props} />
      <LeadsResults {...props} />
    </AppShell>
  );
}

import { AI_AGENT_ID } from '../src/ai/ai-agent.ts';
import { contactSearch } from '../src/conversations/contact-search.ts';
import type { LeadFilters } from '../src/crm/lead.ts';
import { type Actor, loadLeadInbox } from '../src/crm/leads.service.ts';
import { memoryPresence } from '../src/events/presence.ts';
import {
  REPORT_PAGE_SIZE,
  REPORT_SLUGS,
  type ReportFilters,
  type ReportSlug,
  reportsPath,
} from '../src/reports/report.ts';
import { loadReportPage } from '../src/reports/reports.service.ts';
import { encodeKeysetCursor, type KeysetCursor } from '../src/shared/keyset-cursor.ts';
import { BENCH_ADMIN_ID, benchServer, ensureBenchAdmin, openDataset, staffCookie } from './bench-server.ts';
import { emit, latencyRow, ms, type SuiteRow, type Timing, time as timeRuns } from './rows.ts';
import { agentId, projectId } from './seed-large.ts';

const { path, raw, db, count, runs: RUNS } = await openDataset();
const deps = { db, presence: memoryPresence() };

const rows: SuiteRow[] = [];
const report = (row: Omit<Parameters<typeof latencyRow>[0], 'spec'>) =>
  rows.push(emit(latencyRow({ spec: 'PERF-2', ...row })));
const time = (run: () => unknown) => timeRuns(run, RUNS);
const dataset = {
  chats: count('select count(*) as n from conversations'),
  touches: count('select count(*) as n from attributions'),
  leads: count('select count(*) as n from leads'),
};
console.log(`dataset ${path}: ${JSON.stringify(dataset)}; ${RUNS} runs per case`);
if (dataset.leads === 0 || dataset.touches === 0) {
  throw new Error(`${path} has no leads or touches: seeded before they were, run \`npm run seed:large\``);
}

/** The oldest page's cursor: the row just above the last `size` rows of the filter. */
const deepestCursor = (table: string, where: string, args: string[], size: number) =>
  raw
    .query(
      `select created_at as at, id from ${table} where ${where} order by created_at, id limit 1 offset ?`,
    )
    .get(...args, size) as KeysetCursor | null;
const seek = (after: KeysetCursor | undefined | null) =>
  after
    ? { sql: ' and created_at <= ? and (created_at < ? or id < ?)', args: [after.at, after.at, after.id] }
    : { sql: '', args: [] };
const withBare = (first: Timing, bare: Timing) => ({
  name: `first; bare ${ms(bare.p50)} / ${ms(bare.p99)}`,
  ...first,
});

// The lead inbox: each filter the inbox offers, as an admin (every lead) or an agent (their own).
const LEADS_PAGE_SIZE = 25;
const admin: Actor = { id: BENCH_ADMIN_ID, role: 'admin', displayName: 'Bench admin' };
const agent: Actor = { id: agentId(7), role: 'agent', displayName: 'Agent 7' };
const today = '2026-06-01';
const march = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z' };
type LeadCase = { name: string; actor: Actor; filters: Omit<LeadFilters, 'today'>; where: string };
const leadCases: LeadCase[] = [
  { name: 'all', actor: admin, filters: {}, where: '1 = 1' },
  { name: 'web tab', actor: admin, filters: { source: 'web' }, where: "source = 'web'" },
  { name: 'stage qualified', actor: admin, filters: { stage: 'qualified' }, where: "stage = 'qualified'" },
  { name: 'agent', actor: admin, filters: { assigneeId: agent.id }, where: `assignee_id = '${agent.id}'` },
  { name: 'unassigned', actor: admin, filters: { assigneeId: 'none' }, where: 'assignee_id is null' },
  {
    name: 'project',
    actor: admin,
    filters: { projectId: projectId(3) },
    where: `project_id = '${projectId(3)}'`,
  },
  { name: 'agent’s own leads', actor: agent, filters: {}, where: `assignee_id = '${agent.id}'` },
  {
    name: 'range (March)',
    actor: admin,
    filters: march,
    where: `created_at >= '${march.from}' and created_at <= '${march.to}'`,
  },
  {
    name: 'follow-up overdue',
    actor: admin,
    filters: { followUp: 'overdue' },
    where: `follow_up_on <= '2026-05-31'`,
  },
  {
    name: 'web + qualified + agent',
    actor: admin,
    filters: { source: 'web', stage: 'qualified', assigneeId: agent.id },
    where: `source = 'web' and stage = 'qualified' and assignee_id = '${agent.id}'`,
  },
  ...[
    ['search name', 'lead 4242'],
    ['search phone end', '4242'],
    ['search email', 'lead4242@'],
  ].map(([name, q]) => {
    const key = contactSearch(q);
    if (!key) throw new Error(`no search for ${q}`);
    const column = { name: 'name_key', phone: 'phone_reversed', email: 'email' }[key.field];
    return {
      name: `${name} "${q}"`,
      actor: admin,
      filters: { search: q },
      where: `${column} >= '${key.from}'${key.below === undefined ? '' : ` and ${column} < '${key.below}'`}`,
    };
  }),
];
const leadTimings: Array<{ c: LeadCase; after: KeysetCursor | undefined; first: Timing; deepest: Timing }> =
  [];
for (const c of leadCases) {
  const filters: LeadFilters = { ...c.filters, today };
  const after = deepestCursor('leads', c.where, [], LEADS_PAGE_SIZE) ?? undefined;
  const bare = (cursor: KeysetCursor | undefined) => {
    const s = seek(cursor);
    const statement = raw.prepare(
      `select id, name, phone, email, stage from leads where ${c.where}${s.sql} order by created_at desc, id desc limit ${LEADS_PAGE_SIZE + 1}`,
    );
    return () => statement.all(...s.args);
  };
  const first = await time(() => loadLeadInbox(deps, c.actor, filters, undefined));
  const bareFirst = await time(bare(undefined));
  report({ name: `leads ${c.name}`, timing: first, baseline: { name: 'bare', ...bareFirst }, budget: 50 });
  const deepest = await time(() => loadLeadInbox(deps, c.actor, filters, after));
  const bareDeepest = await time(bare(after));
  report({
    name: `leads ${c.name}, deepest`,
    timing: deepest,
    baseline: withBare(first, bareDeepest),
    budget: 50,
    ratioBudget: 2,
  });
  leadTimings.push({ c, after, first, deepest });
}

// Every report under every filter its form offers, first and deepest page, each with its capped total.
const reportFilters: Record<string, ReportFilters> = {
  none: {},
  project: { projectId: projectId(3) },
  agent: { agentId: agent.id },
  'AI agent': { agentId: AI_AGENT_ID },
  status: { status: 'offline' },
  stage: { stage: 'converted' },
  'last 30 days': { from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T23:59:59.999Z' },
  'agent + stage + range': { agentId: agent.id, stage: 'qualified', from: '2026-06-01T00:00:00.000Z' },
};
function reportWhere(f: ReportFilters) {
  const parts: Array<[string, string | undefined]> = [
    ['project_id = ?', f.projectId],
    ['assignee_id = ?', f.agentId],
    ['status = ?', f.status],
    ['lead_stage = ?', f.stage],
    ['created_at >= ?', f.from],
    ['created_at <= ?', f.to],
  ];
  const used = parts.filter((part): part is [string, string] => Boolean(part[1]));
  return {
    sql: used.length ? used.map(([sql]) => sql).join(' and ') : '1 = 1',
    args: used.map(([, value]) => value),
  };
}
const reportTimings: Array<{ slug: ReportSlug; label: string; f: ReportFilters; first: Timing }> = [];
for (const slug of REPORT_SLUGS) {
  for (const [label, f] of Object.entries(reportFilters)) {
    const w = reportWhere(f);
    const after = deepestCursor('conversations', w.sql, w.args, REPORT_PAGE_SIZE) ?? undefined;
    const bare = (cursor: KeysetCursor | undefined) => {
      const s = seek(cursor);
      const statement = raw.prepare(
        `select id, created_at, visitor_name from conversations where ${w.sql}${s.sql} order by created_at desc, id desc limit ${REPORT_PAGE_SIZE + 1}`,
      );
      return () => statement.all(...w.args, ...s.args);
    };
    const page = (cursor: KeysetCursor | undefined) => () =>
      loadReportPage(deps, slug, f, cursor && encodeKeysetCursor(cursor), {});
    const first = await time(page(undefined));
    const bareFirst = await time(bare(undefined));
    report({
      name: `report ${slug} ${label}`,
      timing: first,
      baseline: { name: 'bare', ...bareFirst },
      budget: 50,
    });
    const deepest = await time(page(after));
    const bareDeepest = await time(bare(after));
    report({
      name: `report ${slug} ${label}, deepest`,
      timing: deepest,
      baseline: withBare(first, bareDeepest),
      budget: 50,
      ratioBudget: 2,
    });
    reportTimings.push({ slug, label, f, first });
  }
}

if (process.env.HTTP !== '0') {
  // The same pages over HTTP, as the console's htmx requests them (the results fragment).
  await ensureBenchAdmin(db);
  // The agent console's inbox needs CRM Leads on for that agent (AGENT-6).
  raw.query('update users set crm_enabled = 1 where id = ?').run(agent.id);
  const cookieOf = (userId: string) => staffCookie(db, userId);
  const server = await benchServer(db);
  const cookies = new Map([
    [admin.id, await cookieOf(admin.id)],
    [agent.id, await cookieOf(agent.id)],
  ]);
  const get = (path: string, actor: Actor) => async () => {
    const res = await fetch(`${server.url}${path}`, {
      headers: { Cookie: cookies.get(actor.id) ?? '', 'HX-Request': 'true' },
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
    return body;
  };
  const query = (values: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
    return params.toString();
  };
  const day = (instant: string | undefined) => instant?.slice(0, 10);
  for (const { c, after, first, deepest } of leadTimings) {
    const base = c.actor.role === 'agent' ? '/agent' : '/admin';
    const f = c.filters;
    const params = {
      source: f.source,
      stage: f.stage,
      agent: f.assigneeId,
      project: f.projectId,
      followup: f.followUp,
      from: day(f.from),
      to: day(f.to),
      q: f.search,
    };
    const firstHttp = await time(get(`${base}/leads?${query(params)}`, c.actor));
    report({
      name: `HTTP leads ${c.name}`,
      timing: firstHttp,
      baseline: { name: 'in-process', ...first },
      budget: 50,
    });
    const cursor = after && encodeKeysetCursor(after);
    const deepHttp = await time(get(`${base}/leads?${query({ ...params, after: cursor })}`, c.actor));
    report({
      name: `HTTP leads ${c.name}, deepest`,
      timing: deepHttp,
      baseline: { name: 'in-process', ...deepest },
      budget: 50,
    });
  }
  for (const { slug, label, f, first } of reportTimings) {
    const params = {
      project: f.projectId,
      agent: f.agentId,
      status: f.status,
      stage: f.stage,
      from: day(f.from),
      to: day(f.to),
    };
    const http = await time(get(`${reportsPath('/admin', slug)}?${query(params)}`, admin));
    report({
      name: `HTTP report ${slug} ${label}`,
      timing: http,
      baseline: { name: 'in-process', ...first },
      budget: 50,
    });
  }
  await server.stop();
}

const passed = rows.filter((row) => row.pass).length;
console.log(`${passed} of ${rows.length} cases within budget`);
raw.close();

/**
 * bench: reports (PERF-2, REP-1/2; docs/decisions/0026, 0027). Seeds a SQLite file with 1,000,000
 * conversations over a year (2 projects, 20 agents and the AI, every status and stage, one touch
 * each; once, reused afterwards), then times, 30 times each, the first and the deepest page of
 * every report under every filter the UI offers, each with its capped total, beside a bare
 * bun:sqlite query of the same page; then the CSV export of all 1,000,000 rows (time, peak heap
 * and RSS) and CRM analytics over 100,000 chats; then the dashboard (ADMIN-1, ADR 0047) over its
 * 14- and 30-day periods. The seed also writes one lead per chat and, for the last 60 days, a
 * visitor message and an agent reply per chat (the first-response sample reads them).
 * `DB=/path/file.sqlite bun bench/reports.ts`; default /tmp/reports-1m.sqlite. `REPORTS=chat-data`
 * limits the reports timed, `SAMPLES=30` the runs per figure, `ONLY=dashboard` times the dashboard alone.
 */
import { AI_AGENT_ID } from '../src/ai/ai-agent.ts';
import { loadDashboardLive, loadDashboardPeriod } from '../src/dashboard/dashboard.service.ts';
import { resolveDashboardRange } from '../src/dashboard/dashboard.ts';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadCrmAnalytics } from '../src/reports/analytics.service.ts';
import { csvExportStream } from '../src/reports/csv-export.ts';
import {
  countCapFor,
  REPORT_PAGE_SIZE,
  REPORT_SLUGS,
  REPORTS,
  type ReportFilters,
} from '../src/reports/report.ts';
import { countReportRows, listReportRows } from '../src/reports/reports.queries.ts';
import { reportRowsForExport } from '../src/reports/reports.service.ts';

const path = process.env.DB ?? '/tmp/reports-1m.sqlite';
const ROWS = 1_000_000;
const SAMPLES = Number(process.env.SAMPLES ?? 30);
const only = process.env.REPORTS?.split(',');
const fresh = !(await Bun.file(path).exists());
const raw = openSqlite(path);
const db = sqliteKysely(raw);
await migrateToLatest(db);
if (fresh) {
  const started = performance.now();
  raw.exec(`insert into projects (id, slug, name, title, created_at, updated_at) values
    ('P1', 'p1', 'p1', 'Alpha', '2026-01-01', '2026-01-01'), ('P2', 'p2', 'p2', 'Beta', '2026-01-01', '2026-01-01')`);
  raw.exec(`insert into visitors (id, project_id, token_hash, created_at, last_seen_at)
    values ('V1', 'P1', 'h', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
  raw.exec(`insert into users (id, email, display_name, role, password_hash, created_at, updated_at)
    with recursive g(n) as (select 1 union all select n + 1 from g where n < 20)
    select 'U' || printf('%03d', n), 'u' || n || '@x.test', 'Agent ' || n, 'agent', 'x', '2026', '2026' from g`);
  raw.exec(`insert into attributions (id, visitor_id, source_domain, utm_source, utm_medium, utm_campaign,
      device_type, os_name, browser_name, geo_country, created_at)
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS})
    select printf('A%09d', i), 'V1', 'google.com', 'google', 'cpc', 'camp' || (i % 12), 'mobile', 'Android',
      'Chrome', 'IN', '2026-01-01T00:00:00.000Z' from n`);
  // ~31 s apart over a year; every 7th chat shares its start with the one before (ties).
  raw.exec(`insert into conversations (id, project_id, visitor_id, attribution_id, status, assignee_id,
      visitor_name, visitor_phone, visitor_email, lead_stage, last_message_at, created_at, updated_at)
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS})
    select printf('C%09d', i), case when i % 3 = 0 then 'P2' else 'P1' end, 'V1', printf('A%09d', i),
      case when i % 100 < 2 then 'unassigned' when i % 100 < 10 then 'active' when i % 100 < 15 then 'offline' else 'closed' end,
      case when i % 100 < 2 then null when i % 10 = 9 then '${AI_AGENT_ID}' else 'U' || printf('%03d', 1 + i % 20) end,
      'Visitor ' || i, '+9198' || printf('%08d', i), 'v' || i || '@x.test',
      case when i % 10 < 5 then 'new' when i % 10 < 7 then 'qualified' when i % 10 < 9 then 'not_qualified' else 'converted' end,
      strftime('%Y-%m-%dT%H:%M:%fZ', 1733000000 + (i - (i % 7 = 0)) * 31 + 60, 'unixepoch'),
      strftime('%Y-%m-%dT%H:%M:%fZ', 1733000000 + (i - (i % 7 = 0)) * 31, 'unixepoch'), '2026'
    from n`);
  raw.exec(`insert into leads (id, project_id, source, visitor_id, name, stage, created_at, updated_at)
    select 'L' || substr(id, 2), project_id, 'chat', 'V1', visitor_name, lead_stage, created_at, '2026' from conversations`);
  raw.exec(`insert into messages (id, conversation_id, seq, sender_kind, sender_user_id, client_message_id, body, created_at)
    select 'M' || substr(id, 2) || 'a', id, 1, 'visitor', null, 'a' || id, 'hello', created_at
      from conversations where created_at >= '2025-09-27'
    union all
    select 'M' || substr(id, 2) || 'b', id, 2, 'agent', assignee_id, 'b' || id, 'hi',
      strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+' || (abs(random()) % 600) || ' seconds')
      from conversations where created_at >= '2025-09-27' and assignee_id is not null`);
  raw.exec('analyze');
  console.log(`seeded ${ROWS} chats in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function time(run: () => unknown): Promise<{ p50: number; p99: number }> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

const filters: Record<string, ReportFilters> = {
  none: {},
  project: { projectId: 'P2' },
  agent: { agentId: 'U007' },
  'AI agent': { agentId: AI_AGENT_ID },
  status: { status: 'offline' },
  stage: { stage: 'converted' },
  'last 30 days': { from: '2025-10-30T00:00:00.000Z', to: '2025-11-30T00:00:00.000Z' },
  'agent + stage + range': { agentId: 'U007', stage: 'qualified', from: '2025-06-01T00:00:00.000Z' },
};
const where = (f: ReportFilters) => {
  const parts: string[] = [];
  const args: string[] = [];
  const add = (sql: string, value: string | undefined) => {
    if (value) {
      parts.push(sql);
      args.push(value);
    }
  };
  add('project_id = ?', f.projectId);
  add('assignee_id = ?', f.agentId);
  add('status = ?', f.status);
  add('lead_stage = ?', f.stage);
  add('created_at >= ?', f.from);
  add('created_at <= ?', f.to);
  return { sql: parts.length ? parts.join(' and ') : '1 = 1', args };
};
const ms = (value: number) => value.toFixed(2).padStart(7);

const dashboardOnly = process.env.ONLY === 'dashboard';
if (!dashboardOnly) await benchReports();

async function benchReports() {
  console.log(
    'report         filter                  first p50/p99 (+total)   deepest p99   bare first/deepest p99   total',
  );
  for (const slug of REPORT_SLUGS.filter((s) => !only || only.includes(s))) {
    for (const [name, f] of Object.entries(filters)) {
      const w = where(f);
      const deep = raw
        .query(
          `select created_at, id from conversations where ${w.sql} order by created_at, id limit 1 offset ${REPORT_PAGE_SIZE}`,
        )
        .get(...w.args) as { created_at: string; id: string } | null;
      const after = deep ? { at: deep.created_at, id: deep.id } : undefined;
      const page = (cursor: typeof after) => () =>
        Promise.all([
          listReportRows(db, slug, f, cursor, REPORT_PAGE_SIZE + 1),
          countReportRows(db, f, countCapFor(f)),
        ]);
      const first = await time(page(undefined));
      const deepest = await time(page(after));
      const bare = raw.query(
        `select id, created_at, visitor_name from conversations where ${w.sql} order by created_at desc, id desc limit ${REPORT_PAGE_SIZE + 1}`,
      );
      const bareDeep = raw.query(
        `select id, created_at, visitor_name from conversations where ${w.sql} and created_at <= ? and (created_at < ? or id < ?)
       order by created_at desc, id desc limit ${REPORT_PAGE_SIZE + 1}`,
      );
      const bareFirst = await time(() => bare.all(...w.args));
      const bareDeepest = await time(() =>
        bareDeep.all(...w.args, after?.at ?? '', after?.at ?? '', after?.id ?? ''),
      );
      const cap = countCapFor(f);
      const total = await countReportRows(db, f, cap);
      console.log(
        `${slug.padEnd(14)} ${name.padEnd(22)} ${ms(first.p50)} / ${ms(first.p99)} ms   ${ms(deepest.p99)} ms   ${ms(bareFirst.p99)} / ${ms(bareDeepest.p99)} ms   ${total >= cap ? `${cap}+` : total}`,
      );
    }
  }

  // CSV export of every row, as the route streams it, read and dropped chunk by chunk.
  Bun.gc(true);
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  }, 50);
  const started = performance.now();
  const reader = csvExportStream({
    columns: REPORTS['chat-data'].columns.map(({ key, header }) => ({ key, header })),
    rows: reportRowsForExport(db, 'chat-data', {}),
  }).getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  clearInterval(sampler);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `CSV export of ${ROWS} chat-data rows: ${((performance.now() - started) / 1000).toFixed(1)} s, ${mb(bytes)}, heap ${mb(heapBefore)} → peak ${mb(peakHeap)}, peak RSS ${mb(peakRss)}`,
  );

  const analytics = performance.now();
  const result = await loadCrmAnalytics({ db }, {});
  console.log(
    `CRM analytics over ${result.chats} chats (capped: ${result.capped}): ${((performance.now() - analytics) / 1000).toFixed(2)} s`,
  );
}

// The dashboard (ADR 0047): the period part (trends, projects, conversions, first response, stages)
// and the live part (statuses, queue) as the route runs them, beside one bare count of the period.
const newest = raw.query('select max(created_at) as at from conversations').get() as { at: string };
const today = newest.at.slice(0, 10);
const clock = { now: () => new Date(`${today}T23:00:00.000Z`) };
const presence = { onlineStaff: async () => [] } as never;
console.log('dashboard      period    period p50/p99 ms     live p50/p99 ms   bare count p99 ms   chats');
for (const days of ['14', '30']) {
  const resolved = resolveDashboardRange(today, { days });
  if (!resolved.ok) throw new Error(resolved.message);
  const range = resolved.range;
  const period = await time(() => loadDashboardPeriod({ db, clock }, range));
  const live = await time(() => loadDashboardLive({ db, clock, presence }, range));
  const bareCount = raw.query(
    'select count(*) as n from conversations where created_at >= ? and created_at <= ?',
  );
  const bare = await time(() => bareCount.get(range.from, range.to));
  const n = (bareCount.get(range.from, range.to) as { n: number }).n;
  console.log(
    `dashboard      ${`${days} days`.padEnd(9)} ${ms(period.p50)} / ${ms(period.p99)}   ${ms(live.p50)} / ${ms(live.p99)}   ${ms(bare.p99)}            ${n}`,
  );
}
await db.destroy();

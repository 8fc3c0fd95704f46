/**
 * `npm run bench:leads` (issue 14; SPEC PERF-2, CRM-4): the lead inbox at 1,000,000 leads. Seeds a
 * migrated SQLite file once (deterministic, bulk inserts), then times the first and the deepest
 * page of every filter the inbox offers, each with its capped tab counts as the page runs them,
 * beside a bare SQLite query of the same page measured in the same run. A benchmark, not a test:
 * compare the ratios. Prints a markdown table; docs/performance.md keeps the figures.
 *   LEADS=1000000 DB=/tmp/livechat-leads.sqlite RUNS=30 npm run bench:leads
 */
import { existsSync } from 'node:fs';
import type { LeadFilters, LeadScope } from '../src/crm/lead.ts';
import { countLeadsBySource, listLeadsPage } from '../src/crm/leads.queries.ts';
import { LEAD_COUNT_CAP, LEADS_PAGE_SIZE } from '../src/crm/leads.service.ts';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { leadSearchColumns } from '../src/leads/lead-search.ts';

const LEADS = Number(process.env.LEADS ?? 1_000_000);
const path = process.env.DB ?? '/tmp/livechat-leads.sqlite';
const RUNS = Number(process.env.RUNS ?? 30);
const AGENTS = 50;
const PROJECTS = 5;
const SOURCES = ['chat', 'web', 'csv', 'sheet'] as const;
const STAGES = ['new', 'qualified', 'not_qualified', 'converted'] as const;
const DAY_MS = 86_400_000;
const START = Date.parse('2025-12-01T00:00:00.000Z');

const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(25, '0')}`;
const fresh = !existsSync(path);
const raw = openSqlite(path);
const db = sqliteKysely(raw);
// An existing file is the dataset of an earlier run: reused as it is.
if (fresh) await migrateToLatest(db);

/** A small deterministic generator, so every run seeds the same leads. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

if (fresh) {
  const started = performance.now();
  const at = new Date(START).toISOString();
  raw.run('begin');
  for (let p = 0; p < PROJECTS; p++) {
    raw.run(
      "insert into projects (id, slug, name, title, created_at, updated_at) values (?, ?, 'p', 'p', ?, ?)",
      [id('P', p), `p${p}`, at, at],
    );
  }
  for (let a = 0; a < AGENTS; a++) {
    raw.run(
      "insert into users (id, email, display_name, password_hash, role, created_at, updated_at) values (?, ?, ?, 'x', 'agent', ?, ?)",
      [id('U', a), `a${a}@x.test`, `Agent ${a}`, at, at],
    );
  }
  const insert = raw.prepare(
    `insert into leads (id, project_id, source, name, name_key, phone, phone_reversed, email, stage,
       assignee_id, follow_up_on, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const next = random(42);
  for (let n = 0; n < LEADS; n++) {
    const created = new Date(START + Math.floor((n / LEADS) * 365 * DAY_MS)).toISOString();
    const name = `Lead ${n} ${['Patel', 'Smith', 'Garcia', 'Khan', 'Ng'][n % 5]}`;
    const phone = `+1201${String(n).padStart(7, '0')}`;
    const keys = leadSearchColumns({ name, phone });
    const followUp =
      next() < 0.2 ? new Date(START + Math.floor(next() * 400) * DAY_MS).toISOString().slice(0, 10) : null;
    insert.run(
      id('L', n),
      id('P', n % PROJECTS),
      SOURCES[Math.floor(next() * 4)] ?? 'chat',
      name,
      keys.name_key,
      phone,
      keys.phone_reversed,
      `lead${n}@example.com`,
      STAGES[Math.floor(next() * 4)] ?? 'new',
      next() < 0.15 ? null : id('U', Math.floor(next() * AGENTS)),
      followUp,
      created,
      created,
    );
    if (n % 100_000 === 99_999) {
      raw.run('commit');
      raw.run('begin');
    }
  }
  raw.run('commit');
  console.log(
    `seeded ${LEADS.toLocaleString('en')} leads in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function time(run: () => unknown): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

const today = '2026-06-01';
const cases: Array<{ name: string; scope: LeadScope; filters: LeadFilters; where: string }> = [
  { name: 'all', scope: { kind: 'all' }, filters: { today }, where: '1 = 1' },
  { name: 'web tab', scope: { kind: 'all' }, filters: { today, source: 'web' }, where: "source = 'web'" },
  {
    name: 'stage qualified',
    scope: { kind: 'all' },
    filters: { today, stage: 'qualified' },
    where: "stage = 'qualified'",
  },
  {
    name: 'agent',
    scope: { kind: 'all' },
    filters: { today, assigneeId: id('U', 7) },
    where: `assignee_id = '${id('U', 7)}'`,
  },
  {
    name: 'unassigned',
    scope: { kind: 'all' },
    filters: { today, assigneeId: 'none' },
    where: 'assignee_id is null',
  },
  {
    name: 'project',
    scope: { kind: 'all' },
    filters: { today, projectId: id('P', 2) },
    where: `project_id = '${id('P', 2)}'`,
  },
  {
    name: 'agent’s own leads',
    scope: { kind: 'agent', agentId: id('U', 7) },
    filters: { today },
    where: `assignee_id = '${id('U', 7)}'`,
  },
  {
    name: 'range (March)',
    scope: { kind: 'all' },
    filters: { today, from: '2026-03-01T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z' },
    where: "created_at >= '2026-03-01T00:00:00.000Z' and created_at <= '2026-03-31T23:59:59.999Z'",
  },
];

console.log(`| case | page | p50 ms | p99 ms | bare SQLite p50 / p99 ms | ratio (p50) |`);
console.log(`| --- | --- | ---: | ---: | ---: | ---: |`);
for (const c of cases) {
  const oldest = raw
    .query(
      `select created_at as at, id from leads where ${c.where} order by created_at, id limit 1 offset ${LEADS_PAGE_SIZE}`,
    )
    .get() as { at: string; id: string } | null;
  for (const [page, after] of [
    ['first', undefined],
    ['deepest', oldest ?? undefined],
  ] as const) {
    const { source: _source, ...others } = c.filters;
    const app = await time(() =>
      Promise.all([
        listLeadsPage(db, c.scope, c.filters, after, LEADS_PAGE_SIZE),
        countLeadsBySource(db, c.scope, others, LEAD_COUNT_CAP),
      ]),
    );
    const seek = after
      ? `and created_at <= '${after.at}' and (created_at < '${after.at}' or id < '${after.id}')`
      : '';
    const bare = raw.prepare(
      `select id, name, phone, email, stage from leads where ${c.where} ${seek} order by created_at desc, id desc limit ${LEADS_PAGE_SIZE + 1}`,
    );
    const baseline = await time(() => bare.all());
    console.log(
      `| ${c.name} | ${page} | ${app.p50.toFixed(2)} | ${app.p99.toFixed(2)} | ${baseline.p50.toFixed(2)} / ${baseline.p99.toFixed(2)} | ${(app.p50 / baseline.p50).toFixed(1)}× |`,
    );
  }
}
await db.destroy();

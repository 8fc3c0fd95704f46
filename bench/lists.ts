import { countBucket, listBucket } from '../src/agent/buckets.queries.ts';
import type { ChatFilters } from '../src/chats/chat.ts';
import { countChatsByStatus, listChatsPage } from '../src/chats/chats.queries.ts';
import { CHATS_PAGE_SIZE, COUNT_CAP, encodeCursor } from '../src/chats/chats.service.ts';
import { loadDashboardLive, loadDashboardPeriod } from '../src/dashboard/dashboard.service.ts';
import { resolveDashboardRange } from '../src/dashboard/dashboard.ts';
import { memoryPresence } from '../src/events/presence.ts';
import { encodeHistoryCursor } from '../src/messages/history-cursor.ts';
import { listRecentMessages } from '../src/messages/messages.queries.ts';
import { hashToken, randomToken } from '../src/shared/ids.ts';
import { IPHONE_UA } from '../tests/http/visitor/visitor-support.ts';
import {
  addressSource,
  BENCH_ADMIN_ID,
  benchServer,
  ensureBenchAdmin,
  openDataset,
  staffCookie,
} from './bench-server.ts';
import { emit, latencyRow, type SuiteRow, type Timing, time as timeRuns } from './rows.ts';
import { agentId, BIG_CHAT, chatId } from './seed-large.ts';

const { path, raw, db, count, runs: RUNS } = await openDataset();

const SPEC = (name: string) => (name.includes('history') || name.includes('pane') ? 'PERF-1' : 'PERF-2');
const rows: SuiteRow[] = [];
/** Every case of this part: PERF-1 for history and the pane, PERF-2 for the lists. */
function report(row: {
  name: string;
  timing: Timing;
  baseline: Timing & { name: string };
  budget: number;
  ratioBudget?: number;
}) {
  rows.push(emit(latencyRow({ spec: SPEC(row.name), ...row })));
}
const time = (run: () => unknown) => timeRuns(run, RUNS);

const dataset = {
  chats: count('select count(*) as n from conversations'),
  messages: count(`select count(*) as n from messages where conversation_id = '${BIG_CHAT}'`),
  projects: count('select count(*) as n from projects'),
  agents: count(`select count(*) as n from users where role = 'agent'`),
};
console.log(`dataset ${path}: ${JSON.stringify(dataset)}; ${RUNS} runs per case`);

// The machine's speed in this run: a primary-key read of one chat.
const someChat = (
  raw.query('select id from conversations order by id limit 1 offset 1000').get() as { id: string }
).id;
const pk = await time(() => db.selectFrom('conversations').selectAll().where('id', '=', someChat).execute());
const PK = { name: 'pk read', ...pk };

// PERF-1: history of the 1,000,000-message chat, first page and deepest page.
const first = await time(() => listRecentMessages(db, BIG_CHAT));
report({ name: 'history first page', timing: first, baseline: PK, budget: 10 });
const deepest = await time(() => listRecentMessages(db, BIG_CHAT, { before: { seq: 31 } }));
report({
  name: 'history deepest page',
  timing: deepest,
  baseline: { name: 'first', ...first },
  budget: 10,
  ratioBudget: 1.5,
});
const middle = await time(() =>
  listRecentMessages(db, BIG_CHAT, { before: { seq: Math.floor(dataset.messages / 2) } }),
);
report({
  name: 'history middle page',
  timing: middle,
  baseline: { name: 'first', ...first },
  budget: 10,
  ratioBudget: 1.5,
});

// PERF-2: the chats table, each filter and combination, with its status counts (one page = both).
const agent = agentId(7);
const month = { from: '2026-06-01T00:00:00.000Z', to: '2026-06-30T23:59:59.999Z' };
const filterSets: Array<[string, ChatFilters]> = [
  ['all', { status: 'all' }],
  ['closed', { status: 'closed' }],
  ['unassigned', { status: 'unassigned' }],
  ['stage qualified', { status: 'all', stage: 'qualified' }],
  ['stage converted', { status: 'all', stage: 'converted' }],
  ['agent', { status: 'all', agentId: agent }],
  ['month', { status: 'all', ...month }],
  ['closed + stage', { status: 'closed', stage: 'converted' }],
  ['closed + agent', { status: 'closed', agentId: agent }],
  ['stage + agent', { status: 'all', stage: 'converted', agentId: agent }],
  ['closed + agent + month', { status: 'closed', agentId: agent, ...month }],
  ['closed + stage + month', { status: 'closed', stage: 'converted', ...month }],
  // Search (ADR 0048): a first name a tenth of the chats share, a full name (1 %), a name no one
  // has, an email, a whole number and its last digits, and search beside each other filter.
  ['search "asha"', { status: 'all', search: 'asha' }],
  ['search "asha iyer"', { status: 'all', search: 'asha iyer' }],
  ['search "zed"', { status: 'all', search: 'zed' }],
  ['search email', { status: 'all', search: 'asha.iyer12@' }],
  ['search phone', { status: 'all', search: '' }],
  ['search phone last 4', { status: 'all', search: '' }],
  ['closed + search "asha"', { status: 'closed', search: 'asha' }],
  ['stage + search "asha"', { status: 'all', stage: 'converted', search: 'asha' }],
  ['agent + search "asha"', { status: 'all', agentId: agent, search: 'asha' }],
  ['month + search "asha iyer"', { status: 'all', ...month, search: 'asha iyer' }],
];
// A real number from the dataset, written the way people paste it.
const phone = (
  raw.query('select visitor_phone from conversations where id = ?').get(chatId(4321)) as {
    visitor_phone: string;
  }
).visitor_phone;
for (const set of filterSets) {
  if (set[0] === 'search phone') set[1].search = `+91 ${phone.slice(3, 8)} ${phone.slice(8)}`;
  if (set[0] === 'search phone last 4') set[1].search = phone.slice(-4);
}
/** Each case's deepest cursor and in-process timings, for the HTTP part. */
const tableCases: Array<{
  label: string;
  filters: ChatFilters;
  deepest: { createdAt: string; id: string } | undefined;
  first: Timing;
  deep: Timing;
}> = [];
for (const [label, filters] of filterSets) {
  const { status: _status, ...others } = filters;
  const page = (after?: { createdAt: string; id: string }) =>
    Promise.all([
      listChatsPage(db, filters, after, CHATS_PAGE_SIZE),
      countChatsByStatus(db, others, COUNT_CAP),
    ]);
  const firstPage = await time(() => page());
  report({ name: `chats ${label}`, timing: firstPage, baseline: PK, budget: 50 });
  // A deep page: walk 40 pages down by the real cursor, then time the next one.
  let after: { createdAt: string; id: string } | undefined;
  for (let i = 0; i < 40; i++) {
    const { rows: pageRows, hasMore } = await listChatsPage(db, filters, after, CHATS_PAGE_SIZE);
    const last = pageRows.at(-1);
    if (!hasMore || !last) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  const deep = await time(() => page(after));
  report({
    name: `chats ${label}, page 41`,
    timing: deep,
    baseline: { name: 'first', ...firstPage },
    budget: 50,
    ratioBudget: 2,
  });
  tableCases.push({ label, filters, deepest: after, first: firstPage, deep });
}

// The dashboard (ADMIN-1, ADR 0050) as its route loads it: the period region (the days' tallies,
// first responses) and the live region (statuses over the period, the queue, agents).
const newest = (raw.query('select max(created_at) as at from conversations').get() as { at: string }).at;
const today = newest.slice(0, 10);
const dashboardDeps = {
  db,
  clock: { now: () => new Date(`${today}T23:00:00.000Z`) },
  presence: memoryPresence(),
};
const dashboardTimings = new Map<string, Timing>();
for (const days of ['14', '30']) {
  const resolved = resolveDashboardRange(today, { days });
  if (!resolved.ok) throw new Error(resolved.message);
  const range = resolved.range;
  const period = await time(() => loadDashboardPeriod(dashboardDeps, range));
  dashboardTimings.set(days, period);
  report({ name: `dashboard period, ${days} days`, timing: period, baseline: PK, budget: 50 });
  const live = await time(() => loadDashboardLive(dashboardDeps, range));
  report({ name: `dashboard live, ${days} days`, timing: live, baseline: PK, budget: 50 });
}

// Agent buckets: a page with its tab count, per bucket, and searched by a name and a number's end.
const bucketTimings = new Map<string, Timing>();
for (const bucket of ['active', 'offline', 'unassigned', 'others'] as const) {
  for (const search of [undefined, 'asha', phone.slice(-4)]) {
    const query = { bucket, viewerId: agent, ...(search ? { search } : {}) };
    const timing = await time(() => Promise.all([listBucket(db, query), countBucket(db, query)]));
    const name = `bucket ${bucket}${search ? ` search "${search}"` : ''}`;
    bucketTimings.set(name, timing);
    report({ name, timing, baseline: PK, budget: 50 });
  }
}

if (process.env.HTTP !== '0') {
  // The same pages over HTTP, beside their in-process figure of this run.
  const admin = BENCH_ADMIN_ID;
  await ensureBenchAdmin(db);
  const cookieOf = (userId: string) => staffCookie(db, userId);
  // The visitor API strikes requests without a browser's User-Agent (SEC-2): a run that stopped
  // half-way may have left this address blocked in the dataset.
  raw.query(`delete from ip_blocks where ip = '127.0.0.1'`).run();
  const server = await benchServer(db);
  const adminCookie = await cookieOf(admin);
  const agentCookie = await cookieOf(agent);
  const get = (path: string, cookie: string) => getWith(path, { Cookie: cookie, 'HX-Request': 'true' });
  const getWith = (path: string, headers: Record<string, string>) => async () => {
    const res = await fetch(`${server.url}${path}`, { headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
    return body;
  };
  const day = (iso: string | undefined) => iso?.slice(0, 10);
  const tablePath = (filters: ChatFilters, after?: { createdAt: string; id: string }) => {
    const params = new URLSearchParams();
    const set = (name: string, value: string | undefined) => value && params.set(name, value);
    set('status', filters.status === 'all' ? undefined : filters.status);
    set('stage', filters.stage);
    set('agent', filters.agentId);
    set('from', day(filters.from));
    set('to', day(filters.to));
    set('q', filters.search);
    set('after', after && encodeCursor(after));
    return `/admin/chats?${params}`;
  };
  for (const { label, filters, deepest, first, deep } of tableCases) {
    const firstHttp = await time(get(tablePath(filters), adminCookie));
    report({
      name: `HTTP chats ${label}`,
      timing: firstHttp,
      baseline: { name: 'in-process', ...first },
      budget: 50,
    });
    const deepHttp = await time(get(tablePath(filters, deepest), adminCookie));
    report({
      name: `HTTP chats ${label}, page 41`,
      timing: deepHttp,
      baseline: { name: 'in-process', ...deep },
      budget: 50,
    });
  }
  for (const [name, timing] of bucketTimings) {
    const [, bucket, , search] = /^bucket (\w+)( search "(.*)")?$/.exec(name) ?? [];
    const params = new URLSearchParams({ bucket: bucket ?? 'active', ...(search ? { q: search } : {}) });
    const http = await time(get(`/agent/buckets?${params}`, agentCookie));
    report({ name: `HTTP ${name}`, timing: http, baseline: { name: 'in-process', ...timing }, budget: 50 });
  }
  // PERF-1 over HTTP: pages of the 1,000,000-message chat as the visitor's page reads them (the
  // JSON history API, by token) and as the agent's pane scrolls back (the older-messages fragment).
  const visitorToken = randomToken();
  raw
    .query(
      'update visitors set token_hash = ? where id = (select visitor_id from conversations where id = ?)',
    )
    .run(hashToken(visitorToken), BIG_CHAT);
  const holderCookie = await cookieOf(agentId(1));
  // Each read from its own address (many visitors, as behind the proxy the bench server trusts):
  // one address reading 600 pages a minute is what the history API's rate limit refuses.
  const visitorAddress = addressSource();
  const historyPaths = {
    visitor: (before?: number) =>
      `/api/visitor/conversations/${BIG_CHAT}/messages${before ? `?before=${encodeHistoryCursor({ seq: before })}` : ''}`,
    agent: (before?: number) =>
      `/agent/conversations/${BIG_CHAT}/messages${before ? `?before=${encodeHistoryCursor({ seq: before })}` : ''}`,
  };
  for (const side of ['visitor', 'agent'] as const) {
    const fetchPage = (before?: number) =>
      side === 'visitor'
        ? () =>
            getWith(historyPaths.visitor(before), {
              'X-Visitor-Token': visitorToken,
              'User-Agent': IPHONE_UA,
              'X-Forwarded-For': visitorAddress(),
            })()
        : get(historyPaths.agent(before), holderCookie);
    const firstHttp = await time(fetchPage());
    report({
      name: `HTTP ${side} history first page`,
      timing: firstHttp,
      baseline: { name: 'in-process', ...first },
      budget: 10,
    });
    for (const [label, before] of [
      ['deepest', 31],
      ['middle', Math.floor(dataset.messages / 2)],
    ] as const) {
      report({
        name: `HTTP ${side} history ${label} page`,
        timing: await time(fetchPage(before)),
        baseline: { name: 'first', ...firstHttp },
        budget: 10,
        ratioBudget: 1.5,
      });
    }
  }
  // The dashboard as the admin console loads it (both regions in one fragment), over the dataset's
  // last 14 and 30 days.
  for (const [days, timing] of dashboardTimings) {
    const from = new Date(Date.parse(`${today}T00:00:00.000Z`) - (Number(days) - 1) * 86_400_000);
    const params = new URLSearchParams({ from: from.toISOString().slice(0, 10), to: today });
    report({
      name: `HTTP dashboard, ${days} days`,
      timing: await time(get(`/admin?${params}`, adminCookie)),
      baseline: { name: 'in-process period', ...timing },
      budget: 50,
    });
  }
  // PERF-1: the agent opens one of their chats (the pane with its history), and the big chat.
  const own = (
    raw
      .query(`select id from conversations where assignee_id = ? and status = 'active' and id <> ? limit 1`)
      .get(agent, BIG_CHAT) as { id: string }
  ).id;
  const pane = await time(get(`/agent/conversations/${own}`, agentCookie));
  report({ name: 'HTTP agent pane', timing: pane, baseline: PK, budget: 15 });
  const bigPane = await time(get(`/agent/conversations/${BIG_CHAT}`, holderCookie));
  report({ name: 'HTTP agent pane, 1M-message chat', timing: bigPane, baseline: PK, budget: 15 });
  await server.stop();
}

const passed = rows.filter((row) => row.pass).length;
console.log(`${passed} of ${rows.length} cases within budget`);
raw.close();

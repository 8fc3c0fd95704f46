/**
 * bench:agent-buckets (AGENT-1/2, ROUTE-1; ADRs 0037, 0038). Seeds a SQLite file with 1,000,000
 * conversations (1 % waiting, 19 % released after their visitor left, 200 agents each at their
 * limits of 5 active and 10 parked, the rest closed; once, ~1 min, reused afterwards), then
 * migrates it to the latest
 * schema (timing the phone-search backfill the first time), then times every bucket page an
 * agent opens, a deep Unassigned page, and phone searches of 11, 7 and 3 digits, each 50 times.
 * `DB=/path/file.sqlite npm run bench:agent-buckets`; default /tmp/agent-buckets-1m.sqlite.
 */
import { countBucket, listBucket } from '../src/agent/buckets.queries.ts';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const path = process.env.DB ?? '/tmp/agent-buckets-1m.sqlite';
const ROWS = 1_000_000;
const fresh = !(await Bun.file(path).exists());
const raw = openSqlite(path);
const db = sqliteKysely(raw);
const startedMigrations = performance.now();
const applied = await migrateToLatest(db);
if (applied.length > 0) {
  console.log(`migrations ${applied.join(', ')}: ${(performance.now() - startedMigrations).toFixed(0)} ms`);
}
if (fresh) {
  const started = performance.now();
  raw.exec(`insert into projects (id, slug, name, title, created_at, updated_at)
    values ('P1', 'p', 'p', 'p', '2026-01-01', '2026-01-01')`);
  raw.exec(`insert into visitors (id, project_id, token_hash, created_at, last_seen_at)
    values ('V1', 'P1', 'h', '2026-01-01', '2026-01-01')`);
  raw.exec(`insert into users (id, email, display_name, role, password_hash, created_at, updated_at)
    with recursive g(n) as (select 1 union all select n + 1 from g where n < 200)
    select 'U' || printf('%03d', n), 'u' || n || '@x.test', 'u', 'agent', 'x', '2026', '2026' from g`);
  // The phone's reversed digits are written here as insertConversation writes them.
  raw.exec(`insert into conversations (id, project_id, visitor_id, status, assignee_id, visitor_name,
      visitor_phone, visitor_phone_reversed, last_message_at, created_at, updated_at)
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS}),
    p(i, phone) as (select i, '1201' || printf('%07d', (i * 7919) % 10000000) from n)
    select printf('C%09d', i), 'P1', 'V1',
      case when i % 1000 < 10 then 'unassigned' when i % 1000 < 200 then 'offline'
           when i % 1000 < 201 then 'active' when i % 1000 < 203 then 'offline' else 'closed' end,
      case when i % 1000 < 200 then null else 'U' || printf('%03d', 1 + i % 200) end,
      'Visitor ' || i, '+' || phone,
      (select group_concat(c, '') from (select substr(phone, length(phone) - k, 1) as c
         from (with recursive d(k) as (select 0 union all select k + 1 from d where k < length(phone) - 1)
               select k from d))),
      strftime('%Y-%m-%dT%H:%M:%fZ', 1764000000 + i, 'unixepoch'), '2026', '2026'
    from p`);
  console.log(`seeded ${ROWS} chats in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function time(label: string, run: () => Promise<unknown>): Promise<void> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]?.toFixed(3);
  console.log(`${label.padEnd(44)} p50 ${at(0.5)} ms  p99 ${at(0.99)} ms`);
}

const viewerId = 'U051';
const check = raw
  .query(`select visitor_phone, visitor_phone_reversed from conversations where id = 'C000123457'`)
  .get() as { visitor_phone: string; visitor_phone_reversed: string };
if ([...check.visitor_phone.slice(1)].reverse().join('') !== check.visitor_phone_reversed) {
  throw new Error(`seeded search key is wrong: ${JSON.stringify(check)}`);
}
for (const bucket of ['active', 'offline', 'closed', 'unassigned', 'others'] as const) {
  await time(`${bucket} first page`, () => listBucket(db, { bucket, viewerId }));
}
const deep = (await raw
  .query(`select last_message_at, id from conversations where status = 'offline' and assignee_id is null
    order by last_message_at, id limit 1 offset 1000`)
  .get()) as { last_message_at: string; id: string };
const after = { lastMessageAt: deep.last_message_at, id: deep.id, section: 'left' as const };
await time('unassigned page near the end (left group)', () =>
  listBucket(db, { bucket: 'unassigned', viewerId, after }),
);
const phone = (
  raw.query(`select visitor_phone from conversations where id = 'C000500001'`).get() as {
    visitor_phone: string;
  }
).visitor_phone;
const formatted = `+1 ${phone.slice(2, 5)}-${phone.slice(5, 8)}-${phone.slice(8)}`;
for (const [label, search] of [
  [`search "${formatted}"`, formatted],
  [`search last 7 "${phone.slice(-7)}"`, phone.slice(-7)],
  [`search last 3 "${phone.slice(-3)}"`, phone.slice(-3)],
] as const) {
  for (const bucket of ['closed', 'unassigned'] as const) {
    await time(`${bucket} ${label}`, () => listBucket(db, { bucket, viewerId, search }));
  }
}
await time('unassigned count (tab)', () => countBucket(db, { bucket: 'unassigned', viewerId }));
await time('closed count (tab)', () => countBucket(db, { bucket: 'closed', viewerId }));
await db.destroy();

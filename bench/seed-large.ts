/**
 * `npm run seed:large` (issue 20): the one PERF-1/PERF-2 dataset every list benchmark reads, in a
 * migrated SQLite file, built by bulk inserts (multi-row INSERTs in large transactions),
 * deterministic from SEED: the same settings give the same rows, ids and timestamps on every machine.
 *
 *   CHATS      conversations over PROJECTS projects and AGENTS agents, spread over 365 days
 *              (default 1,000,000); 1 % waiting, 20 % released and left (offline, no
 *              holder), agents at their limits of 5 active and 10 offline, the rest closed; lead stages new 70 %, qualified 15 %,
 *              not_qualified 10 %, converted 5 %; Indian mobile numbers. Each has its touch
 *              (attribution): UTM source, medium and one of 12 campaigns (direct visits have
 *              none), device, OS, browser, language, country and city.
 *   RECENT_DAYS  chats started in the newest days (default 60) get a visitor message and, when
 *              held, an agent reply up to 10 minutes later: what the first-response figures read.
 *   MESSAGES   messages of one chat, `C-BIG` (default 1,000,000), alternating visitor/agent.
 *   LEADS      leads (default 1,000,000) over the same 365 days: sources chat/web/csv/sheet, the
 *              four stages, 85 % with an owner, 20 % with a follow-up day, name and phone search keys.
 *   PROJECTS   default 5;  AGENTS default 50;  SEED default 20;  DB default /tmp/livechat-large.sqlite
 *
 * The daily tallies (ADR 0050) are kept by the migration's triggers as the rows go in; the seed
 * checks them against a GROUP BY of the rows at the end and prints the time of each phase. An
 * existing file is replaced. Small sizes make a quick dataset: `CHATS=20000 MESSAGES=20000 LEADS=20000`.
 */
import { rmSync } from 'node:fs';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import {
  agentId,
  BATCH,
  BIG_CHAT,
  chatId,
  columns,
  DAY_MS,
  insertMany,
  iso,
  pick,
  projectId,
  type Raw,
  random,
  START,
  seedLeads,
  touchId,
  touchRow,
  visitorOf,
  YEAR_MS,
} from './seed-rows.ts';

export { agentId, BIG_CHAT, chatId, leadId, projectId, touchId } from './seed-rows.ts';

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
export const settings = {
  path: process.env.DB ?? '/tmp/livechat-large.sqlite',
  chats: int('CHATS', 1_000_000),
  messages: int('MESSAGES', 1_000_000),
  leads: int('LEADS', 1_000_000),
  recentDays: int('RECENT_DAYS', 60),
  projects: int('PROJECTS', 5),
  agents: int('AGENTS', 50),
  seed: int('SEED', 20),
};
type Settings = typeof settings;

function seedPeople(raw: Raw, options: Settings) {
  raw.transaction(() => {
    insertMany(
      raw,
      'projects',
      columns('id slug name title is_default created_at updated_at'),
      Array.from({ length: options.projects }, (_, i) => [
        projectId(i + 1),
        i === 0 ? 'default' : `project-${i + 1}`,
        `Project ${i + 1}`,
        `Project ${i + 1}`,
        i === 0 ? 1 : 0,
        iso(START),
        iso(START),
      ]),
    );
    insertMany(
      raw,
      'users',
      columns('id email display_name password_hash role created_at updated_at'),
      Array.from({ length: options.agents }, (_, i) => [
        agentId(i + 1),
        `agent${i + 1}@bench.test`,
        `Agent ${i + 1}`,
        'x',
        'agent',
        iso(START),
        iso(START),
      ]),
    );
    // One visitor per project stands in for all: the lists never join visitors.
    insertMany(
      raw,
      'visitors',
      ['id', 'project_id', 'token_hash', 'created_at', 'last_seen_at'],
      Array.from({ length: options.projects }, (_, i) => [
        visitorOf(i + 1),
        projectId(i + 1),
        `h${i}`,
        iso(START),
        iso(START),
      ]),
    );
  })();
}

const STAGES = [
  ...Array<string>(14).fill('new'),
  ...Array<string>(3).fill('qualified'),
  ...Array<string>(2).fill('not_qualified'),
  'converted',
];
const NAMES = ['Asha', 'Ravi', 'Priya', 'Arjun', 'Meera', 'Vikram', 'Sneha', 'Rahul', 'Anita', 'Karan'];
const SURNAMES = ['Sharma', 'Patel', 'Iyer', 'Reddy', 'Singh', 'Gupta', 'Nair', 'Das', 'Khan', 'Joshi'];
const CHAT_COLUMNS = columns(
  'id project_id visitor_id attribution_id status assignee_id visitor_name visitor_phone visitor_phone_reversed visitor_email visitor_name_key visitor_email_key lead_stage last_seq last_message_at last_message_preview queued_at created_at updated_at',
);
const TOUCH_COLUMNS = columns(
  'id visitor_id source_domain landing_url utm_source utm_medium utm_campaign device_type os_name browser_name language geo_country geo_city time_on_page_ms is_returning created_at',
);
const MESSAGE_COLUMNS = columns(
  'id conversation_id seq sender_kind sender_user_id client_message_id body created_at',
);
/** The chats with their touches, and for the newest days a visitor message and the agent's reply. */
function seedChats(raw: Raw, options: Settings) {
  const rand = random(options.seed);
  // A stream of its own, so the chats' columns are the same as before touches were seeded.
  const extra = random(options.seed + 1);
  const recentFrom = START + YEAR_MS - options.recentDays * DAY_MS;
  // Open chats are the newest: walk from the newest down so the limits keep the latest ones.
  const activeHeld = new Map<number, number>();
  const offlineHeld = new Map<number, number>();
  for (let from = 0; from < options.chats; from += BATCH) {
    const rows: unknown[][] = [];
    const touches: unknown[][] = [];
    const messages: unknown[][] = [];
    for (let i = from; i < Math.min(options.chats, from + BATCH); i++) {
      const created = START + YEAR_MS - 1 - Math.floor((i / options.chats) * YEAR_MS);
      const last = created + Math.floor(rand() * 3_600_000);
      const roll = rand();
      let status =
        roll < 0.01
          ? 'unassigned'
          : roll < 0.02
            ? 'active'
            : roll < 0.05
              ? 'offline'
              : roll < 0.25
                ? 'offline'
                : 'closed';
      const held = !(roll < 0.01 || (roll >= 0.05 && roll < 0.25));
      const holder = 1 + Math.floor(rand() * options.agents);
      // An agent holds at most 5 active and 10 offline chats (their limits): the rest are closed.
      if (held && status !== 'closed') {
        const open = status === 'active' ? activeHeld : offlineHeld;
        const load = open.get(holder) ?? 0;
        if (load >= (status === 'active' ? 5 : 10)) status = 'closed';
        else open.set(holder, load + 1);
      }
      const project = 1 + Math.floor(rand() * options.projects);
      const digits = `9${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
      const name = `${pick(rand, NAMES)} ${pick(rand, SURNAMES)}`;
      // Every other visitor leaves an email (no extra draw: the other columns stay as they were).
      const email = i % 2 === 0 ? `${name.replace(' ', '.')}${i % 1000}@mail.test` : null;
      const n = options.chats - i;
      touches.push(touchRow(extra, n, project, created));
      rows.push([
        chatId(n),
        projectId(project),
        visitorOf(project),
        touchId(n),
        status,
        held ? agentId(holder) : null,
        name,
        `+91${digits}`,
        [...`91${digits}`].reverse().join(''),
        email,
        name.toLowerCase(),
        email?.toLowerCase() ?? null,
        pick(rand, STAGES),
        4,
        iso(last),
        'Thanks, I will check and get back',
        status === 'unassigned' ? iso(last) : null,
        iso(created),
        iso(last),
      ]);
      if (created >= recentFrom) {
        const chat = chatId(n);
        const tail = String(n).padStart(24, '0');
        messages.push([
          `R${tail}a`,
          chat,
          1,
          'visitor',
          null,
          'a',
          'Is the 3 kW plan available?',
          iso(created),
        ]);
        if (held) {
          const reply = iso(created + Math.floor(extra() * 600_000));
          messages.push([
            `R${tail}b`,
            chat,
            2,
            'agent',
            agentId(holder),
            'b',
            'Yes: shall I call you?',
            reply,
          ]);
        }
      }
    }
    raw.transaction(() => {
      insertMany(raw, 'attributions', TOUCH_COLUMNS, touches);
      insertMany(raw, 'conversations', CHAT_COLUMNS, rows);
      insertMany(raw, 'messages', MESSAGE_COLUMNS, messages);
    })();
  }
  // The stand-in visitors' first touch: the oldest of their project (the user-analysis report).
  raw.exec(`update visitors set first_attribution_id = (select min(attribution_id) from conversations c
    where c.visitor_id = visitors.id and c.attribution_id is not null)`);
}

/** One chat of `messages` messages: the history pages' worst case. */
function seedBigChat(raw: Raw, options: Settings) {
  const big = options.messages;
  const now = iso(START + YEAR_MS);
  const chat = [
    BIG_CHAT,
    projectId(1),
    visitorOf(1),
    null,
    'active',
    agentId(1),
    'Big Chat',
    '+919000000000',
  ];
  raw.transaction(() =>
    insertMany(raw, 'conversations', CHAT_COLUMNS, [
      [...chat, '000000000919', null, 'big chat', null, 'new', big, now, 'latest', null, iso(START), now],
    ]),
  )();
  for (let from = 0; from < big; from += BATCH) {
    const rows: unknown[][] = [];
    for (let i = from; i < Math.min(big, from + BATCH); i++) {
      const visitor = i % 2 === 0;
      rows.push([
        `M${String(i + 1).padStart(25, '0')}`,
        BIG_CHAT,
        i + 1,
        visitor ? 'visitor' : 'agent',
        visitor ? null : agentId(1),
        `c${i + 1}`,
        `Message ${i + 1}: ${visitor ? 'is the 3 kW plan still available?' : 'Yes, shall I book a site visit?'}`,
        iso(START + Math.floor((i / Math.max(1, big)) * YEAR_MS)),
      ]);
    }
    raw.transaction(() => insertMany(raw, 'messages', MESSAGE_COLUMNS, rows))();
  }
}

/** The triggers' tallies (ADR 0050) against a GROUP BY of the rows: a seed that drifts fails here. */
function checkTallies(raw: Raw) {
  const drift = raw
    .query(
      `with rows(day, project_id, campaign, chats, leads, qualified, not_qualified, converted) as (
         select substr(c.created_at, 1, 10), c.project_id, coalesce(a.utm_campaign, ''), 1, 0,
           c.lead_stage = 'qualified', c.lead_stage = 'not_qualified', c.lead_stage = 'converted' from conversations c left join attributions a on a.id = c.attribution_id
         union all
         select substr(created_at, 1, 10), coalesce(project_id, ''), '', 0, 1, 0, 0, 0 from leads),
       expected as (select day, project_id, campaign, sum(chats), sum(leads), sum(qualified),
         sum(not_qualified), sum(converted) from rows group by day, project_id, campaign),
       kept as (select day, project_id, campaign, chats, leads, qualified, not_qualified, converted
         from daily_tallies where chats <> 0 or leads <> 0)
       select (select count(*) from (select * from expected except select * from kept))
         + (select count(*) from (select * from kept except select * from expected)) as n`,
    )
    .get() as { n: number };
  if (drift.n !== 0) throw new Error(`daily_tallies differ from the rows in ${drift.n} keys`);
}

export async function seedLarge(options = settings): Promise<void> {
  const started = performance.now();
  const phases: string[] = [];
  const phase = (name: string, run: () => void) => {
    const at = performance.now();
    run();
    phases.push(`${name} ${((performance.now() - at) / 1000).toFixed(1)} s`);
  };
  rmSync(options.path, { force: true });
  rmSync(`${options.path}-wal`, { force: true });
  rmSync(`${options.path}-shm`, { force: true });
  const raw = openSqlite(options.path);
  const db = sqliteKysely(raw);
  await migrateToLatest(db);
  // A bulk load: no fsync, a large page cache, and the secondary indexes of the big tables dropped
  // and built again from their own CREATE INDEX text once the rows are in (a sort per index instead
  // of millions of random B-tree inserts: 8–12 s instead of 20 s at 100,000 chats). The tally triggers stay.
  raw.exec('pragma synchronous = off');
  raw.exec('pragma cache_size = -1000000');
  const indexes = raw
    .query(
      `select name, sql from sqlite_master where type = 'index' and sql is not null
         and tbl_name in ('attributions', 'conversations', 'messages', 'leads')`,
    )
    .all() as Array<{ name: string; sql: string }>;
  for (const index of indexes) raw.exec(`drop index ${index.name}`);
  phase('people', () => seedPeople(raw, options));
  phase('chats', () => seedChats(raw, options));
  phase('big chat', () => seedBigChat(raw, options));
  phase('leads', () => seedLeads(raw, options));
  phase('indexes', () => {
    for (const index of indexes) raw.exec(index.sql);
  });
  phase('tally check', () => checkTallies(raw));
  raw.exec('pragma synchronous = full');
  await db.destroy();
  console.log(
    `seeded ${options.chats} chats (touches; messages for ${options.recentDays} days), ${options.messages} messages in one chat, ${options.leads} leads, ${options.projects} projects, ${options.agents} agents into ${options.path} in ${((performance.now() - started) / 1000).toFixed(1)} s (${phases.join(', ')})`,
  );
}

if (import.meta.main) await seedLarge();

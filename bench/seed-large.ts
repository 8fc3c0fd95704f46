/**
 * `npm run seed:large` (issue 20): the PERF-1/PERF-2 dataset in a migrated SQLite file, built by
 * bulk inserts (multi-row INSERTs in large transactions), deterministic from SEED: the same
 * settings give the same rows, ids and timestamps on every machine.
 *
 *   CHATS      conversations over PROJECTS projects and AGENTS agents, spread over 365 days
 *              (default 1,000,000); 1 % waiting, 20 % released and left (offline, no
 *              holder), agents at their limits of 5 active and 10 offline, the rest closed; lead stages new 70 %, qualified 15 %,
 *              not_qualified 10 %, converted 5 %; Indian mobile numbers.
 *   MESSAGES   messages of one chat, `C-BIG` (default 1,000,000), alternating visitor/agent.
 *   PROJECTS   default 5;  AGENTS default 50;  SEED default 20;  DB default /tmp/livechat-large.sqlite
 *
 * An existing file is replaced. Small sizes make a quick dataset: `CHATS=20000 MESSAGES=20000`.
 */
import { rmSync } from 'node:fs';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
export const settings = {
  path: process.env.DB ?? '/tmp/livechat-large.sqlite',
  chats: int('CHATS', 1_000_000),
  messages: int('MESSAGES', 1_000_000),
  projects: int('PROJECTS', 5),
  agents: int('AGENTS', 50),
  seed: int('SEED', 20),
};

/** mulberry32: small, fast and the same everywhere. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.parse('2025-12-01T00:00:00.000Z');
const YEAR_MS = 365 * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
export const agentId = (n: number) => `U${String(n).padStart(25, '0')}`;
export const projectId = (n: number) => `P${String(n).padStart(25, '0')}`;
/** Conversation ids sort by creation like the app's time-ordered ids. */
export const chatId = (n: number) => `C${String(n).padStart(25, '0')}`;
export const BIG_CHAT = `CBIG${'0'.repeat(22)}`;

function insertMany(raw: ReturnType<typeof openSqlite>, table: string, columns: string[], rows: unknown[][]) {
  const per = Math.floor(30_000 / columns.length);
  const statements = new Map<number, ReturnType<typeof raw.prepare>>();
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    let statement = statements.get(chunk.length);
    if (!statement) {
      const tuple = `(${columns.map(() => '?').join(',')})`;
      statement = raw.prepare(
        `insert into ${table} (${columns.join(',')}) values ${Array(chunk.length).fill(tuple).join(',')}`,
      );
      statements.set(chunk.length, statement);
    }
    statement.run(...(chunk.flat() as never[]));
  }
}

export async function seedLarge(options = settings): Promise<void> {
  const started = performance.now();
  rmSync(options.path, { force: true });
  rmSync(`${options.path}-wal`, { force: true });
  rmSync(`${options.path}-shm`, { force: true });
  const raw = openSqlite(options.path);
  const db = sqliteKysely(raw);
  await migrateToLatest(db);
  const rand = random(options.seed);
  const now = iso(START + YEAR_MS);
  raw.exec('pragma synchronous = off');
  raw.transaction(() => {
    insertMany(
      raw,
      'projects',
      ['id', 'slug', 'name', 'title', 'is_default', 'created_at', 'updated_at'],
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
      ['id', 'email', 'display_name', 'password_hash', 'role', 'created_at', 'updated_at'],
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
        `V${projectId(i + 1).slice(1)}`,
        projectId(i + 1),
        `h${i}`,
        iso(START),
        iso(START),
      ]),
    );
  })();
  const stages = [
    'new',
    'new',
    'new',
    'new',
    'new',
    'new',
    'new',
    'new',
    'new',
    'new',
    'new',
    'new',
    'new',
    'new',
    'qualified',
    'qualified',
    'qualified',
    'not_qualified',
    'not_qualified',
    'converted',
  ];
  const names = ['Asha', 'Ravi', 'Priya', 'Arjun', 'Meera', 'Vikram', 'Sneha', 'Rahul', 'Anita', 'Karan'];
  const surnames = ['Sharma', 'Patel', 'Iyer', 'Reddy', 'Singh', 'Gupta', 'Nair', 'Das', 'Khan', 'Joshi'];
  const columns = [
    'id',
    'project_id',
    'visitor_id',
    'status',
    'assignee_id',
    'visitor_name',
    'visitor_phone',
    'visitor_phone_reversed',
    'visitor_email',
    'visitor_name_key',
    'visitor_email_key',
    'lead_stage',
    'last_seq',
    'last_message_at',
    'last_message_preview',
    'queued_at',
    'created_at',
    'updated_at',
  ];
  const BATCH = 50_000;
  // Open chats are the newest: walk from the newest down so the limits keep the latest ones.
  const activeHeld = new Map<number, number>();
  const offlineHeld = new Map<number, number>();
  for (let from = 0; from < options.chats; from += BATCH) {
    const rows: unknown[][] = [];
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
      const name = `${names[Math.floor(rand() * names.length)]} ${surnames[Math.floor(rand() * surnames.length)]}`;
      // Every other visitor leaves an email (no extra draw: the other columns stay as they were).
      const email = i % 2 === 0 ? `${name.replace(' ', '.')}${i % 1000}@mail.test` : null;
      rows.push([
        chatId(options.chats - i),
        projectId(project),
        `V${projectId(project).slice(1)}`,
        status,
        held ? agentId(holder) : null,
        name,
        `+91${digits}`,
        [...`91${digits}`].reverse().join(''),
        email,
        name.toLowerCase(),
        email?.toLowerCase() ?? null,
        stages[Math.floor(rand() * stages.length)],
        4,
        iso(last),
        'Thanks, I will check and get back',
        status === 'unassigned' ? iso(last) : null,
        iso(created),
        iso(last),
      ]);
    }
    raw.transaction(() => insertMany(raw, 'conversations', columns, rows))();
  }
  const big = options.messages;
  raw.transaction(() =>
    insertMany(raw, 'conversations', columns, [
      [
        BIG_CHAT,
        projectId(1),
        `V${projectId(1).slice(1)}`,
        'active',
        agentId(1),
        'Big Chat',
        '+919000000000',
        '000000000919',
        null,
        'big chat',
        null,
        'new',
        big,
        now,
        'latest',
        null,
        iso(START),
        now,
      ],
    ]),
  )();
  const messageColumns = [
    'id',
    'conversation_id',
    'seq',
    'sender_kind',
    'sender_user_id',
    'client_message_id',
    'body',
    'created_at',
  ];
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
    raw.transaction(() => insertMany(raw, 'messages', messageColumns, rows))();
  }
  raw.exec('pragma synchronous = full');
  await db.destroy();
  console.log(
    `seeded ${options.chats} chats, ${big} messages, ${options.projects} projects, ${options.agents} agents into ${options.path} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (import.meta.main) await seedLarge();

/**
 * The building blocks of `npm run seed:large` (bench/seed-large.ts): a deterministic random
 * stream, the ids, one bulk INSERT helper, and the CRM rows beside the chats (their touches and
 * the lead inbox's leads).
 */
import type { openSqlite } from '../src/db/connect.ts';
import { leadSearchColumns } from '../src/leads/lead-search.ts';
import { seededRandom } from '../tests/support/seeded-random.ts';

export type Raw = ReturnType<typeof openSqlite>;

/** The tests' seeded stream (mulberry32): small, fast and the same everywhere. */
export const random = seededRandom;
export type Random = ReturnType<typeof random>;
export const pick = <T>(rand: Random, values: readonly T[]): T =>
  values[Math.floor(rand() * values.length)] as T;

export const START = Date.parse('2025-12-01T00:00:00.000Z');
export const DAY_MS = 86_400_000;
export const YEAR_MS = 365 * DAY_MS;
export const BATCH = 50_000;
export const iso = (ms: number) => new Date(ms).toISOString();
export const padded = (prefix: string, n: number) => `${prefix}${String(n).padStart(25, '0')}`;
export const agentId = (n: number) => padded('U', n);
export const projectId = (n: number) => padded('P', n);
/** Conversation ids sort by creation like the app's time-ordered ids. */
export const chatId = (n: number) => padded('C', n);
/** A chat's touch shares its number: `A…42` is the touch of `C…42`. */
export const touchId = (n: number) => padded('A', n);
export const leadId = (n: number) => padded('L', n);
export const BIG_CHAT = `CBIG${'0'.repeat(22)}`;
export const visitorOf = (project: number) => padded('V', project);

/** Column names written as one line of words. */
export const columns = (names: string) => names.split(' ');

export function insertMany(raw: Raw, table: string, columns: string[], rows: unknown[][]) {
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

/** [utm_source, utm_medium, source_domain]: paid search and social most, then direct (no UTM). */
const CHANNELS = [
  ['google', 'cpc', 'google.com'],
  ['google', 'cpc', 'google.com'],
  ['facebook', 'paid_social', 'facebook.com'],
  ['instagram', 'paid_social', 'instagram.com'],
  ['newsletter', 'email', 'mail.bench.test'],
  [null, null, null],
] as const;
const DEVICES = [
  ['mobile', 'Android', 'Chrome'],
  ['mobile', 'Android', 'Chrome'],
  ['mobile', 'iOS', 'Safari'],
  ['desktop', 'Windows', 'Chrome'],
  ['desktop', 'macOS', 'Safari'],
  ['tablet', 'Android', 'Firefox'],
] as const;
const PLACES = [
  ['IN', 'Mumbai'],
  ['IN', 'Delhi'],
  ['IN', 'Bengaluru'],
  ['IN', 'Chennai'],
  ['IN', 'Pune'],
  ['AE', 'Dubai'],
  ['US', 'New York'],
] as const;

export function touchRow(rand: Random, n: number, project: number, at: number): unknown[] {
  const [source, medium, domain] = pick(rand, CHANNELS);
  const [device, os, browser] = pick(rand, DEVICES);
  const [country, city] = pick(rand, PLACES);
  const campaign = Math.floor(rand() * 12);
  return [
    touchId(n),
    visitorOf(project),
    domain,
    `https://project-${project}.bench.test/solar${source ? `?utm_campaign=campaign-${campaign}` : ''}`,
    source,
    medium,
    source ? `campaign-${campaign}` : null,
    device,
    os,
    browser,
    pick(rand, ['en-IN', 'hi-IN', 'en-US']),
    country,
    city,
    Math.floor(rand() * 300_000),
    rand() < 0.2 ? 1 : 0,
    iso(at - Math.floor(rand() * 120_000)),
  ];
}

const LEAD_COLUMNS = columns(
  'id project_id source name name_key phone phone_reversed email stage assignee_id follow_up_on created_at updated_at',
);

/** The lead inbox's leads, oldest first, as the inbox bench seeded them (CRM-1, CRM-4). */
export function seedLeads(
  raw: Raw,
  options: { seed: number; leads: number; projects: number; agents: number },
) {
  const rand = random(options.seed + 2);
  for (let from = 0; from < options.leads; from += BATCH) {
    const rows: unknown[][] = [];
    for (let n = from; n < Math.min(options.leads, from + BATCH); n++) {
      const created = iso(START + Math.floor((n / options.leads) * YEAR_MS));
      const name = `Lead ${n} ${['Patel', 'Smith', 'Garcia', 'Khan', 'Ng'][n % 5]}`;
      const phone = `+1201${String(n).padStart(7, '0')}`;
      const keys = leadSearchColumns({ name, phone });
      const followUp = rand() < 0.2 ? iso(START + Math.floor(rand() * 400) * DAY_MS).slice(0, 10) : null;
      const source = pick(rand, ['chat', 'web', 'csv', 'sheet']);
      const stage = pick(rand, ['new', 'qualified', 'not_qualified', 'converted']);
      const owner = rand() < 0.15 ? null : agentId(1 + Math.floor(rand() * options.agents));
      rows.push([
        leadId(n + 1),
        projectId(1 + (n % options.projects)),
        source,
        name,
        keys.name_key,
        phone,
        keys.phone_reversed,
        `lead${n}@example.com`,
        stage,
        owner,
        followUp,
        created,
        created,
      ]);
    }
    raw.transaction(() => insertMany(raw, 'leads', LEAD_COLUMNS, rows))();
  }
}

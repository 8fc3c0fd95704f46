import { type Kysely, MssqlAdapter, PostgresAdapter, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Chats-table and bucket search without scans (issue 20, ADR 0048): the lower-cased name and
// email beside the contact, so "starts with" is a key range, as the lead inbox does (ADR 0016);
// the phone already has its reversed digits (202612036000). The keys compare byte-wise on every
// dialect (SQLite's binary collation, "C" on PostgreSQL, a BIN2 collation on SQL Server), so a
// prefix range finds the same rows everywhere. Indexes: (status, key, lead_stage, created_at, id)
// for the chats table (its "all" tab seeks the four statuses): a search's counts, with a stage or
// dates too, read only index entries; (status, assignee_id, key) for the buckets and for the
// table's agent filter.
const BATCH = 300; // 300 rows x 5 parameters stays under SQL Server's 2,100

const nameKey = (name: string | null): string | null => name?.trim().toLowerCase().slice(0, 120) || null;
const emailKey = (email: string | null): string | null => email?.trim().toLowerCase().slice(0, 254) || null;

function keyType(db: Kysely<any>, length: number) {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof MssqlAdapter) return sql.raw(`nvarchar(${length}) collate Latin1_General_100_BIN2`);
  if (adapter instanceof PostgresAdapter) return sql.raw(`varchar(${length}) collate "C"`);
  return sql.raw(`varchar(${length})`);
}

/** The chats table's other filters and order, so its counts never leave the index. */
const TABLE_COLUMNS = ['lead_stage', 'created_at', 'id'] as const;

const INDEXES = [
  ['conversations_status_name_key_ix', ['status', 'visitor_name_key', ...TABLE_COLUMNS]],
  ['conversations_status_email_key_ix', ['status', 'visitor_email_key', ...TABLE_COLUMNS]],
  ['conversations_status_phone_key_ix', ['status', 'visitor_phone_reversed', ...TABLE_COLUMNS]],
  ['conversations_bucket_name_ix', ['status', 'assignee_id', 'visitor_name_key']],
  ['conversations_bucket_email_ix', ['status', 'assignee_id', 'visitor_email_key']],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const mssql = db.getExecutor().adapter instanceof MssqlAdapter;
  await db.schema.alterTable('conversations').addColumn('visitor_name_key', keyType(db, 120)).execute();
  await db.schema.alterTable('conversations').addColumn('visitor_email_key', keyType(db, 254)).execute();
  let afterId = '';
  for (;;) {
    // Keyset over the primary key; the ORDER BY + fetch-first shape compiles on every dialect.
    const rows: Array<{ id: string; visitor_name: string | null; visitor_email: string | null }> = await db
      .selectFrom('conversations')
      .select(['id', 'visitor_name', 'visitor_email'])
      .where('id', '>', afterId)
      .where((eb) => eb.or([eb('visitor_name', 'is not', null), eb('visitor_email', 'is not', null)]))
      .orderBy('id')
      .$call((qb) => (mssql ? qb.top(BATCH) : qb.limit(BATCH)))
      .execute();
    const last = rows.at(-1);
    if (!last) break;
    // One UPDATE per batch (a CASE on the id per column).
    const cases = (key: (row: (typeof rows)[number]) => string | null) =>
      sql`case id ${sql.join(
        rows.map((row) => sql`when ${row.id} then ${key(row)}`),
        sql` `,
      )} end`;
    await db
      .updateTable('conversations')
      .set({
        visitor_name_key: cases((row) => nameKey(row.visitor_name)),
        visitor_email_key: cases((row) => emailKey(row.visitor_email)),
      })
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .execute();
    if (rows.length < BATCH) break;
    afterId = last.id;
  }
  for (const [name, columns] of INDEXES) {
    await db.schema
      .createIndex(name)
      .on('conversations')
      .columns([...columns])
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const mssql = db.getExecutor().adapter instanceof MssqlAdapter;
  for (const [name] of INDEXES) {
    const drop = db.schema.dropIndex(name);
    await (mssql ? drop.on('conversations') : drop).execute();
  }
  await db.schema.alterTable('conversations').dropColumn('visitor_email_key').execute();
  await db.schema.alterTable('conversations').dropColumn('visitor_name_key').execute();
}

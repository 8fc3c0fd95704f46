import { type Kysely, MssqlAdapter, PostgresAdapter, sql } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// ADMIN-1 / PERF-2 (ADR 0050): per UTC day, project and UTM campaign, the chats started, the leads
// created, and those chats by their current lead stage with the converted value. Kept by triggers
// on conversations and leads, so every way a row is written (chat start, imports, backfills, bulk
// seeds, a DBA's UPDATE) keeps the tallies equal to a GROUP BY of the rows; the dashboard reads
// at most days × projects × campaigns rows instead of counting chats.

type Dialect = 'sqlite' | 'postgres' | 'mssql';

const MEASURES = ['chats', 'leads', 'qualified', 'not_qualified', 'converted', 'converted_value'] as const;
const KEYS = ['day', 'project_id', 'campaign'] as const;

function dialectOf(db: Kysely<any>): Dialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof MssqlAdapter) return 'mssql';
  return adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

const dayOf = (dialect: Dialect, column: string) =>
  dialect === 'mssql' ? `LEFT(${column}, 10)` : `substr(${column}, 1, 10)`;

const campaignOf = (attributionId: string) =>
  `coalesce((SELECT a.utm_campaign FROM attributions a WHERE a.id = ${attributionId}), '')`;

/** One conversation row's share of the tallies, `sign` 1 to add it, -1 to take it away. */
function chatShare(dialect: Dialect, row: string, sign: string, from = ''): string {
  const stage = (name: string) => `CASE WHEN ${row}.lead_stage = '${name}' THEN ${sign} ELSE 0 END`;
  return `SELECT ${dayOf(dialect, `${row}.created_at`)} AS day, ${row}.project_id AS project_id,
    ${campaignOf(`${row}.attribution_id`)} AS campaign, ${sign} AS chats, 0 AS leads,
    ${stage('qualified')} AS qualified, ${stage('not_qualified')} AS not_qualified,
    ${stage('converted')} AS converted,
    CASE WHEN ${row}.lead_stage = 'converted' THEN ${sign} * coalesce(${row}.conversion_value, 0) ELSE 0 END
      AS converted_value${from}`;
}

/** One lead row's share of the tallies (its day, project and campaign; leads have no stage here). */
function leadShare(dialect: Dialect, row: string, sign: string, from = ''): string {
  return `SELECT ${dayOf(dialect, `${row}.created_at`)} AS day, coalesce(${row}.project_id, '') AS project_id,
    ${campaignOf(`${row}.attribution_id`)} AS campaign, 0 AS chats, ${sign} AS leads, 0 AS qualified,
    0 AS not_qualified, 0 AS converted, 0 AS converted_value${from}`;
}

/** Adds the shares a SELECT yields (several rows per key allowed) to the tallies, creating rows. */
function addShares(dialect: Dialect, shares: string): string {
  const summed = `SELECT day, project_id, campaign, ${MEASURES.map((m) => `sum(${m}) AS ${m}`).join(', ')}
    FROM (${shares}) shares GROUP BY day, project_id, campaign`;
  const columns = [...KEYS, ...MEASURES].join(', ');
  if (dialect === 'mssql') {
    return `MERGE daily_tallies WITH (HOLDLOCK) AS t USING (${summed}) AS s
      ON t.day = s.day AND t.project_id = s.project_id AND t.campaign = s.campaign
      WHEN MATCHED THEN UPDATE SET ${MEASURES.map((m) => `${m} = t.${m} + s.${m}`).join(', ')}
      WHEN NOT MATCHED THEN INSERT (${columns}) VALUES (${[...KEYS, ...MEASURES].map((c) => `s.${c}`).join(', ')});`;
  }
  return `INSERT INTO daily_tallies (${columns}) ${summed}
    ON CONFLICT (day, project_id, campaign) DO UPDATE SET
    ${MEASURES.map((m) => `${m} = daily_tallies.${m} + excluded.${m}`).join(', ')}`;
}

const CHAT_COLUMNS = ['lead_stage', 'conversion_value', 'attribution_id', 'project_id', 'created_at'];
const LEAD_COLUMNS = ['attribution_id', 'project_id', 'created_at'];

async function createTriggers(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  const tables = [
    { table: 'conversations', share: chatShare, columns: CHAT_COLUMNS },
    { table: 'leads', share: leadShare, columns: LEAD_COLUMNS },
  ];
  for (const { table, share, columns } of tables) {
    const name = `daily_tallies_${table}`;
    if (dialect === 'sqlite') {
      await run(`CREATE TRIGGER ${name}_ins AFTER INSERT ON ${table} BEGIN
        ${addShares(dialect, share(dialect, 'NEW', '1'))}; END`);
      await run(`CREATE TRIGGER ${name}_upd AFTER UPDATE OF ${columns.join(', ')} ON ${table} BEGIN
        ${addShares(dialect, `${share(dialect, 'OLD', '-1')} UNION ALL ${share(dialect, 'NEW', '1')}`)}; END`);
      await run(`CREATE TRIGGER ${name}_del AFTER DELETE ON ${table} BEGIN
        ${addShares(dialect, share(dialect, 'OLD', '-1'))}; END`);
    } else if (dialect === 'postgres') {
      await run(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN ${addShares(dialect, share(dialect, 'OLD', '-1'))}; END IF;
          IF TG_OP <> 'DELETE' THEN ${addShares(dialect, share(dialect, 'NEW', '1'))}; END IF;
          RETURN NULL;
        END $$`);
      await run(`CREATE TRIGGER ${name}_ins_del AFTER INSERT OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ${name}()`);
      const changed = columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
      await run(`CREATE TRIGGER ${name}_upd AFTER UPDATE OF ${columns.join(', ')} ON ${table}
        FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION ${name}()`);
    } else {
      // Statement triggers: `inserted` and `deleted` hold every row of the statement. Writes that
      // touch none of the tallied columns (every message moves last_message_at) return at once.
      const touched = columns.map((c) => `UPDATE(${c})`).join(' OR ');
      await run(`CREATE TRIGGER ${name} ON ${table} AFTER INSERT, UPDATE, DELETE AS
        BEGIN
          SET NOCOUNT ON;
          IF EXISTS (SELECT 1 FROM inserted) AND EXISTS (SELECT 1 FROM deleted) AND NOT (${touched}) RETURN;
          ${addShares(
            dialect,
            `${share(dialect, 'd', '-1', ' FROM deleted d')} UNION ALL ${share(dialect, 'i', '1', ' FROM inserted i')}`,
          )}
        END`);
    }
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const dialect = dialectOf(db);
  let table = db.schema
    .createTable('daily_tallies')
    .addColumn('day', t.date, (c) => c.notNull())
    .addColumn('project_id', t.string(26), (c) => c.notNull())
    .addColumn('campaign', t.text(255), (c) => c.notNull());
  for (const measure of MEASURES) {
    table = table.addColumn(measure, measure === 'converted_value' ? 'decimal(16, 2)' : 'integer', (c) =>
      c.notNull().defaultTo(0),
    );
  }
  await table.addPrimaryKeyConstraint('daily_tallies_pk', [...KEYS]).execute();

  // The rows so far, once, before the triggers take over (both in this migration's transaction).
  await sql.raw(addShares(dialect, chatShare(dialect, 'c', '1', ' FROM conversations c'))).execute(db);
  await sql.raw(addShares(dialect, leadShare(dialect, 'l', '1', ' FROM leads l'))).execute(db);
  await createTriggers(db, dialect);
}

export async function down(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  for (const table of ['conversations', 'leads']) {
    const name = `daily_tallies_${table}`;
    const triggers =
      dialect === 'sqlite'
        ? [`${name}_ins`, `${name}_upd`, `${name}_del`]
        : dialect === 'postgres'
          ? []
          : [name];
    for (const trigger of triggers) await sql.raw(`DROP TRIGGER ${trigger}`).execute(db);
    if (dialect === 'postgres') {
      await sql.raw(`DROP TRIGGER ${name}_ins_del ON ${table}`).execute(db);
      await sql.raw(`DROP TRIGGER ${name}_upd ON ${table}`).execute(db);
      await sql.raw(`DROP FUNCTION ${name}()`).execute(db);
    }
  }
  await db.schema.dropTable('daily_tallies').execute();
}

import {
  type Kysely,
  MssqlAdapter,
  type SelectQueryBuilder,
  SqliteAdapter,
  sql,
  type Transaction,
} from 'kysely';

/**
 * The few constructs that differ between SQLite, PostgreSQL and SQL Server, as named helpers
 * (TECH-NOTES: Kysely emits invalid SQL rather than refusing). Nothing else branches on dialect.
 */
// biome-ignore lint/suspicious/noExplicitAny: helpers work on any schema
type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: helpers accept any select query
type AnySelect = SelectQueryBuilder<any, any, any>;

/**
 * A column wrapped so that no index matches it, on every dialect: a condition on it is checked on
 * each row the page reads instead of sought, for when seeking that range is the worse plan (a common
 * search key, ADR 0048, 0052; SQLite without statistics choosing the wrong index). coalesce(x, x)
 * leaves NULL a non-match, as the bare column does.
 */
export const checkedNotSought = <T = string | null>(column: string) =>
  sql<T>`coalesce(${sql.ref(column)}, ${sql.ref(column)})`;

export const isMssql = (db: AnyDb): boolean => db.getExecutor().adapter instanceof MssqlAdapter;
const isSqlite = (db: AnyDb): boolean => db.getExecutor().adapter instanceof SqliteAdapter;

let sqliteWriteQueue: Promise<unknown> = Promise.resolve();

/**
 * A transaction that writes. SQLite has one writer per file, and bun:sqlite's busy wait blocks the
 * only thread, so a second connection in this process that hits the write lock would stall the
 * transaction holding it for the whole busy timeout: SQLite write transactions are queued
 * in-process instead. Server databases run them concurrently and rely on row locks.
 */
export function writeTransaction<DB, T>(
  db: Kysely<DB>,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (!isSqlite(db)) return db.transaction().execute(work);
  const run = sqliteWriteQueue.then(() => db.transaction().execute(work));
  sqliteWriteQueue = run.catch(() => undefined);
  return run;
}

/** First `count` rows: LIMIT, or TOP on SQL Server. */
export function firstRows<QB extends AnySelect>(db: AnyDb, qb: QB, count: number): QB {
  return (isMssql(db) ? qb.top(count) : qb.limit(count)) as QB;
}

/** An OFFSET page (for report pages only; feeds use keyset). The query must have an ORDER BY. */
export function pageRows<QB extends AnySelect>(db: AnyDb, qb: QB, offset: number, count: number): QB {
  return (isMssql(db) ? qb.offset(offset).fetch(count) : qb.limit(count).offset(offset)) as QB;
}

/**
 * Splits a list for statements that take one parameter (or row) per item: SQL Server accepts at
 * most 2,100 parameters per statement.
 */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Flags are stored as 0/1 smallints everywhere. */
export const flag = (value: boolean): number => (value ? 1 : 0);
export const isSet = (value: number | boolean | null | undefined): boolean => value === 1 || value === true;

/**
 * Insert or update one row by its key columns: ON CONFLICT on SQLite/PostgreSQL, MERGE on SQL Server.
 */
export async function upsertRow(
  db: AnyDb,
  table: string,
  keys: readonly string[],
  row: Record<string, unknown>,
): Promise<void> {
  const updates = Object.fromEntries(Object.entries(row).filter(([column]) => !keys.includes(column)));
  if (isMssql(db)) {
    const source = sql.join(
      Object.entries(row).map(([column, value]) => sql`${value} as ${sql.ref(column)}`),
    );
    await db
      .mergeInto(`${table} as target`)
      .using(sql`(select ${source})`.as('source'), (join) => {
        let on = join;
        for (const key of keys) on = on.onRef(`target.${key}`, '=', `source.${key}`);
        return on;
      })
      .whenMatched()
      .thenUpdateSet(updates)
      .whenNotMatched()
      .thenInsertValues(row)
      .execute();
    return;
  }
  await db
    .insertInto(table)
    .values(row)
    .onConflict((conflict) => conflict.columns(keys as string[]).doUpdateSet(updates))
    .execute();
}

/** A write refused because rows elsewhere still reference this one (SQLite, PostgreSQL 23503, SQL Server 547). */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: unknown; number?: unknown; message?: unknown } | null;
  return (
    e?.code === '23503' ||
    e?.number === 547 ||
    e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
    /FOREIGN KEY constraint failed/i.test(String(e?.message ?? ''))
  );
}

/** A write refused by a unique index (SQLite, PostgreSQL 23505, SQL Server 2601/2627). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; number?: unknown; message?: unknown } | null;
  return (
    e?.code === '23505' ||
    e?.number === 2601 ||
    e?.number === 2627 ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/i.test(String(e?.message ?? ''))
  );
}

import { type Kysely, MssqlAdapter, sql } from 'kysely';

/**
 * Column types shared by the migrations, the one place they differ by dialect.
 * Lives beside the migrations (never imports src/) so shipped migrations stay frozen.
 * - ids: 26-char application-generated, time-ordered strings (docs/decisions/0003)
 * - instants: ISO-8601 UTC strings, which sort correctly as text (docs/decisions/0002)
 * - flags: smallint 0/1 (SQL Server has no boolean; one representation everywhere)
 * - user text: nvarchar on SQL Server so non-Latin text survives
 */
export function columnTypes(db: Kysely<any>) {
  const mssql = db.getExecutor().adapter instanceof MssqlAdapter;
  return {
    id: sql`varchar(26)`,
    instant: sql`varchar(24)`,
    date: sql`varchar(10)`,
    flag: sql`smallint`,
    string: (length: number) => sql.raw(`varchar(${length})`),
    text: (length: number) => sql.raw(mssql ? `nvarchar(${length})` : `varchar(${length})`),
    longText: mssql ? sql`nvarchar(max)` : sql`text`,
  };
}

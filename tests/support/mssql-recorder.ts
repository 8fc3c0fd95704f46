import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  MssqlAdapter,
  MssqlIntrospector,
  MssqlQueryCompiler,
  type QueryResult,
} from 'kysely';
import type { Database } from '../../src/db/database.ts';

/**
 * A Kysely instance with SQL Server's adapter and compiler whose driver records each compiled
 * query and answers with no rows. No SQL Server runs here; this is how we see what it would get.
 */
export function mssqlRecorder(): { db: Kysely<Database>; queries: CompiledQuery[] } {
  const queries: CompiledQuery[] = [];
  const connection: DatabaseConnection = {
    executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
      queries.push(query);
      return { rows: [], numAffectedRows: 0n };
    },
    // biome-ignore lint/correctness/useYield: records nothing to stream
    streamQuery: async function* () {
      throw new Error('streaming is not recorded');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new MssqlAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new MssqlIntrospector(k),
      createQueryCompiler: () => new MssqlQueryCompiler(),
    },
  });
  return { db, queries };
}

/** Constructs SQL Server rejects, found in SQL compiled for it (TECH-NOTES: Kysely emits them silently). */
export const MSSQL_FORBIDDEN: Array<[string, RegExp]> = [
  ['LIMIT', /\blimit\b/i],
  ['RETURNING', /\breturning\b/i],
  ['ON CONFLICT', /\bon conflict\b/i],
  ['ILIKE', /\bilike\b/i],
  ['AUTOINCREMENT', /\bauto_?increment\b/i],
  ['IF NOT EXISTS', /\bif not exists\b/i],
  ['boolean literal', /\b(true|false)\b/i],
  ['boolean type', /\bboolean\b/i],
  ['timestamp type (rowversion on SQL Server)', /\btimestamp\b/i],
  ['quoted star', /"\*"/],
  ['unbounded varchar in an index', /\bvarchar\(max\)/i],
];

export function mssqlViolations(sqlText: string): string[] {
  return MSSQL_FORBIDDEN.filter(([, pattern]) => pattern.test(sqlText)).map(([name]) => name);
}

import type { Database as BunSqlite } from 'bun:sqlite';
import { CompiledQuery as Compiled, type CompiledQuery, SqliteQueryCompiler } from 'kysely';
import { openSqlite, sqliteKysely } from '../../src/db/connect.ts';
import type { Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export interface RecordedStatement {
  sql: string;
  parameters: unknown[];
}

/**
 * A migrated SQLite database whose every statement is recorded with its parameters, and a way to
 * ask SQLite how it runs one (`EXPLAIN QUERY PLAN`). Without ANALYZE statistics SQLite's planner
 * picks by fixed estimates, not by row counts, so the plan seen on an empty table is the plan it
 * uses at 1,000,000 rows (bench/agent-buckets.ts measures that).
 */
export async function explainingSqlite(): Promise<{
  db: Db;
  statements: RecordedStatement[];
  plan(statement: RecordedStatement): string[];
  dispose(): Promise<void>;
}> {
  const raw = openSqlite(':memory:');
  const statements: RecordedStatement[] = [];
  const recording = new Proxy(raw, {
    get(target, property) {
      if (property !== 'query') {
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (sqlText: string) => {
        const statement = target.query(sqlText);
        return new Proxy(statement, {
          get(inner, name) {
            const value = Reflect.get(inner, name, inner);
            if (typeof value !== 'function') return value;
            return (...parameters: unknown[]) => {
              statements.push({ sql: sqlText, parameters });
              return value.apply(inner, parameters);
            };
          },
        });
      };
    },
  });
  const db = sqliteKysely(recording as BunSqlite);
  await migrateToLatest(db);
  statements.length = 0;
  return {
    db,
    statements,
    plan: ({ sql, parameters }) =>
      raw
        .query(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...(parameters as never[]))
        .map((row) => (row as { detail: string }).detail),
    dispose: () => db.destroy(),
  };
}

/**
 * The SQLite query plans of every statement `run` sends through `db` (bound with its real
 * parameters): lets a test say which index a query function seeks, without restating its SQL.
 */
export async function sqlitePlans(db: Db, run: (db: Db) => Promise<unknown>): Promise<string[]> {
  const compiler = new SqliteQueryCompiler();
  const queries: CompiledQuery[] = [];
  const spy = db.withPlugin({
    transformQuery: ({ node, queryId }) => {
      queries.push(compiler.compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  await run(spy);
  const plans: string[] = [];
  for (const query of queries) {
    const explained = await db.executeQuery<{ detail: string }>(
      Compiled.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]),
    );
    plans.push(explained.rows.map((row) => row.detail).join('; '));
  }
  return plans;
}

/** Tables that grow without bound: a plan must seek these, never read them whole. */
const BIG_TABLES = new Set([
  'conversations',
  'messages',
  'visitors',
  'attributions',
  'leads',
  'lead_notes',
  'ip_blocks',
  'sessions',
  'security_strikes',
  'outbox_events',
]);

/**
 * What is wrong with one statement's plan (its EXPLAIN QUERY PLAN details) for a list page that
 * must cost the same at 1,000,000 rows (PERF-2): a full SCAN of a big table (a scan in index order
 * only where `walk` allows it: an unfiltered page that stops after its LIMIT), a temporary B-tree
 * (a sort or group-by of every matching row), or a filter column missing from the index seek.
 */
export function planProblems(
  details: string[],
  expected: { walk?: boolean; seeks?: readonly string[] } = {},
): string[] {
  const problems: string[] = [];
  for (const line of details) {
    const scan = /^SCAN (\w+)( USING (?:COVERING )?INDEX \w+)?/.exec(line);
    if (scan?.[1] && BIG_TABLES.has(scan[1]) && !(scan[2] && expected.walk)) problems.push(line);
    if (line.includes('TEMP B-TREE')) problems.push(line);
  }
  const search = details.find((line) => /^SEARCH (\w+)/.exec(line)?.[1] !== undefined);
  for (const column of expected.seeks ?? []) {
    if (!search || !new RegExp(`[( ]${column}[=<>]`).test(search)) {
      problems.push(`no seek on ${column}: ${search ?? details.join(' | ')}`);
    }
  }
  return problems;
}

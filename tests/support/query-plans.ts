import { CompiledQuery as Compiled, type CompiledQuery, SqliteQueryCompiler } from 'kysely';
import type { Db } from '../../src/db/database.ts';

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

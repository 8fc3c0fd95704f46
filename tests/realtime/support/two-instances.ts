import { Redis } from 'ioredis';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db } from '../../../src/db/database.ts';
import { type RunningServer, startServer } from '../../../src/server.ts';
import { makeTestDeps, type TestDeps } from '../../support/make-app.ts';
import { freshPostgres } from '../../support/test-db.ts';

export const postgresUrl = process.env.TEST_POSTGRES_URL;
export const redisUrl = process.env.TEST_REDIS_URL;

/**
 * Two live instances like a real deployment: each its own server, PostgreSQL pool and Redis
 * connections, sharing one database schema and one Redis (namespaced per test run).
 */
export async function twoInstances(
  options: { redisUrlA?: string; redisUrlB?: string; redisRetryDelayMs?: number } = {},
) {
  const database = await freshPostgres(postgresUrl as string);
  const pool = new pg.Pool({
    connectionString: postgresUrl,
    max: 10,
    options: `-c search_path=${database.schema}`,
  });
  const secondDb: Db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const redisNamespace = `test-${crypto.randomUUID()}`;
  const start = async (db: Db, url: string): Promise<{ deps: TestDeps; running: RunningServer }> => {
    const deps = await makeTestDeps({ db });
    const running = await startServer(deps, {
      port: 0,
      hostname: '127.0.0.1',
      redisUrl: url,
      redisNamespace,
      redisRetryDelayMs: options.redisRetryDelayMs ?? 50,
    });
    return { deps, running };
  };
  const a = await start(database.db, options.redisUrlA ?? (redisUrl as string));
  const b = await start(secondDb, options.redisUrlB ?? (redisUrl as string));
  return {
    a,
    b,
    db: database.db,
    async stop() {
      await a.running.stop();
      await b.running.stop();
      await secondDb.destroy();
      await database.dispose();
      await deleteRedisKeys(redisNamespace);
    },
  };
}

/** Leaves the shared Redis as it was: removes every key a test namespace created. */
export async function deleteRedisKeys(namespace: string): Promise<void> {
  const client = new Redis(redisUrl as string);
  const keys = await client.keys(`${namespace}:*`);
  if (keys.length > 0) await client.del(...keys);
  client.disconnect();
}

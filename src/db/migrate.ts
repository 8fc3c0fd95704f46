import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations/index.ts';
import type { Db } from './database.ts';

/**
 * Applies every pending migration; a no-op when the schema is current. `schema` names the
 * PostgreSQL schema of Kysely's own bookkeeping tables: without it Kysely looks for them in every
 * schema, and a parallel run in a sibling schema makes it skip creating its own.
 */
export async function migrateToLatest(db: Db, { schema }: { schema?: string } = {}): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

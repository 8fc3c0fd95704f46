import { describe, expect, test } from 'bun:test';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../../migrations/index.ts';
import { openSqlite, sqliteKysely } from '../../../src/db/connect.ts';
import type { Db } from '../../../src/db/database.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { freshPostgres, postgresUrl } from '../../support/test-db.ts';

const NAME = '202612036000_add_conversations_phone_search';
const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < NAME));

/** Existing chats (more than one backfill batch of 500) get their search key when the column arrives. */
async function backfills(db: Db, schema?: string) {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => before },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  const at = '2026-11-23T10:00:00.000Z';
  await db
    .insertInto('projects')
    .values({ id: 'P1', slug: 'p', name: 'p', title: 'p', created_at: at, updated_at: at })
    .execute();
  await db
    .insertInto('visitors')
    .values({ id: 'V1', project_id: 'P1', token_hash: 'h', created_at: at, last_seen_at: at })
    .execute();
  const rows = Array.from({ length: 1203 }, (_, i) => ({
    id: `C${String(i).padStart(6, '0')}`,
    project_id: 'P1',
    visitor_id: 'V1',
    status: 'closed',
    visitor_phone: i % 100 === 7 ? null : `+1201555${String(i).padStart(4, '0')}`,
    last_message_at: at,
    created_at: at,
    updated_at: at,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    // biome-ignore lint/suspicious/noExplicitAny: the table has no search column before this migration
    await (db as any)
      .insertInto('conversations')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  await migrateToLatest(db, schema ? { schema } : {});
  const keys = await db
    .selectFrom('conversations')
    .select(['id', 'visitor_phone', 'visitor_phone_reversed'])
    .orderBy('id')
    .execute();
  expect(keys).toHaveLength(1203);
  for (const row of keys) {
    const expected = row.visitor_phone ? [...row.visitor_phone.slice(1)].reverse().join('') : null;
    expect(row.visitor_phone_reversed).toBe(expected);
  }
}

describe('phone search migration (ADR 0038)', () => {
  test('backfills every existing chat on SQLite', async () => {
    const db = sqliteKysely(openSqlite(':memory:'));
    await backfills(db);
    await db.destroy();
  });

  test.if(Boolean(postgresUrl))('backfills every existing chat on PostgreSQL', async () => {
    const database = await freshPostgres(postgresUrl ?? '', { migrate: false });
    try {
      await backfills(database.db, database.schema);
    } finally {
      await database.dispose();
    }
  });
});

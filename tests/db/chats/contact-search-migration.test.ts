import { describe, expect, test } from 'bun:test';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../../migrations/index.ts';
import { openSqlite, sqliteKysely } from '../../../src/db/connect.ts';
import type { Db } from '../../../src/db/database.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { freshPostgres, postgresUrl } from '../../support/test-db.ts';

const NAME = '202612052000_add_conversations_contact_search';
const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < NAME));

/** Existing chats (more than two backfill batches of 300) get their name and email keys (ADR 0048). */
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
  const rows = Array.from({ length: 731 }, (_, i) => ({
    id: `C${String(i).padStart(6, '0')}`,
    project_id: 'P1',
    visitor_id: 'V1',
    status: 'closed',
    visitor_name: i % 50 === 3 ? null : ` Ådá ${i} SMITH `,
    visitor_email: i % 3 === 0 ? `Ada.${i}@Example.COM` : null,
    last_message_at: at,
    created_at: at,
    updated_at: at,
  }));
  for (let i = 0; i < rows.length; i += 100) {
    // biome-ignore lint/suspicious/noExplicitAny: the table has no key columns before this migration
    await (db as any)
      .insertInto('conversations')
      .values(rows.slice(i, i + 100))
      .execute();
  }
  await migrateToLatest(db, schema ? { schema } : {});
  const keys = await db
    .selectFrom('conversations')
    .select(['id', 'visitor_name_key', 'visitor_email_key'])
    .orderBy('id')
    .execute();
  expect(keys).toEqual(
    rows.map((row, i) => ({
      id: row.id,
      visitor_name_key: row.visitor_name === null ? null : `ådá ${i} smith`,
      visitor_email_key: row.visitor_email?.toLowerCase() ?? null,
    })),
  );
}

describe('contact search migration (ADR 0048)', () => {
  test('backfills every existing chat on SQLite', async () => {
    const db = sqliteKysely(openSqlite(':memory:'));
    await backfills(db);
    await db.destroy();
  });

  test.if(Boolean(postgresUrl))('backfills every existing chat on PostgreSQL', async () => {
    const database = await freshPostgres(postgresUrl ?? '', { migrate: false });
    try {
      await backfills(database.db, database.schema);
      // Byte-wise comparison whatever the database's default collation: the same ranges as SQLite.
      const { rows } = await sql<{ column_name: string; collation_name: string }>`
        select column_name, collation_name from information_schema.columns
        where table_schema = ${database.schema} and table_name = 'conversations'
          and column_name in ('visitor_name_key', 'visitor_email_key') order by column_name`.execute(
        database.db,
      );
      expect(rows).toEqual([
        { column_name: 'visitor_email_key', collation_name: 'C' },
        { column_name: 'visitor_name_key', collation_name: 'C' },
      ]);
    } finally {
      await database.dispose();
    }
  });
});

import { describe, expect, test } from 'bun:test';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../../migrations/index.ts';
import { openSqlite, sqliteKysely } from '../../../src/db/connect.ts';
import type { Db } from '../../../src/db/database.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { freshPostgres, postgresUrl } from '../../support/test-db.ts';

const NAME = '202612041100_link_chat_leads';
const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < NAME));
const AT = '2026-11-23T10:00:00.000Z';

/**
 * Every existing chat becomes a lead (ADR 0015): one per visitor with chats (more than one batch),
 * its stage, owner and follow-up from the visitor's newest chat; a visitor without chats gets none,
 * and web leads already there are kept.
 */
async function backfills(db: Db, schema?: string) {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => before },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  await db
    .insertInto('projects')
    .values({ id: 'P1', slug: 'p', name: 'p', title: 'p', created_at: AT, updated_at: AT })
    .execute();
  await db
    .insertInto('users')
    .values({
      id: 'U1',
      email: 'a@x.com',
      display_name: 'A',
      password_hash: 'x',
      role: 'agent',
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  const visitors = Array.from({ length: 130 }, (_, i) => ({
    id: `V${String(i).padStart(5, '0')}`,
    project_id: 'P1',
    token_hash: `h${i}`,
    name: i === 3 ? 'Ada Lovelace' : `Visitor ${i}`,
    phone: `+1201555${String(i).padStart(4, '0')}`,
    email: i === 3 ? 'Ada@Example.com' : null,
    created_at: AT,
    last_seen_at: AT,
  }));
  await db.insertInto('visitors').values(visitors).execute();
  // Visitor 129 never chatted; visitor 3 has an old closed chat and a newer qualified one.
  const chats = visitors.slice(0, 129).map((v, i) => ({
    id: `C${String(i).padStart(5, '0')}b`,
    project_id: 'P1',
    visitor_id: v.id,
    status: 'active',
    assignee_id: i % 2 === 0 ? 'U1' : null,
    lead_stage: i === 3 ? 'qualified' : 'new',
    follow_up_on: i === 3 ? '2026-11-30' : null,
    last_message_at: AT,
    created_at: AT,
    updated_at: AT,
  }));
  await db.insertInto('conversations').values(chats).execute();
  await db
    .insertInto('conversations')
    .values({
      ...chats[3],
      id: 'C00003a',
      status: 'closed',
      lead_stage: 'not_qualified',
      assignee_id: null,
      follow_up_on: null,
    } as (typeof chats)[number])
    .execute();
  await db
    .insertInto('leads')
    .values({ id: 'W1', source: 'web', project_id: 'P1', email: 'w@x.com', created_at: AT, updated_at: AT })
    .execute();

  await migrateToLatest(db, schema ? { schema } : {});
  const leads = await db.selectFrom('leads').selectAll().orderBy('id').execute();
  expect(leads).toHaveLength(130);
  expect(leads.find((l) => l.id === 'V00129')).toBeUndefined();
  expect(leads.find((l) => l.id === 'W1')).toMatchObject({ source: 'web', visitor_id: null });
  expect(leads.find((l) => l.id === 'V00003')).toMatchObject({
    source: 'chat',
    visitor_id: 'V00003',
    project_id: 'P1',
    name: 'Ada Lovelace',
    name_key: 'ada lovelace',
    email: 'ada@example.com',
    phone: '+12015550003',
    phone_reversed: '30005551021',
    stage: 'qualified',
    follow_up_on: '2026-11-30',
    assignee_id: null,
  });
  expect(leads.find((l) => l.id === 'V00004')).toMatchObject({ assignee_id: 'U1', stage: 'new' });
}

describe('chat leads migration (ADR 0015)', () => {
  test('gives every visitor with chats a lead on SQLite', async () => {
    const db = sqliteKysely(openSqlite(':memory:'));
    await backfills(db);
    await db.destroy();
  });

  test.if(Boolean(postgresUrl))('gives every visitor with chats a lead on PostgreSQL', async () => {
    const database = await freshPostgres(postgresUrl ?? '', { migrate: false });
    try {
      await backfills(database.db, database.schema);
    } finally {
      await database.dispose();
    }
  });
});

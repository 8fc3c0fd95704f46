import { describe, expect, test } from 'bun:test';
import { sql } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { openSqlite, sqliteKysely } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { freshMssql, freshPostgres, mssqlUrl, postgresUrl } from '../support/test-db.ts';

const expectedTables = [
  'ai_errors',
  'attachments',
  'attributions',
  'canned_replies',
  'conversations',
  'daily_tallies',
  'ip_blocks',
  'lead_imports',
  'lead_notes',
  'lead_source_rows',
  'lead_sources',
  'lead_stage_changes',
  'leads',
  'leases',
  'messages',
  'outbox_events',
  'project_origins',
  'project_slug_redirects',
  'projects',
  'qa_rubric_versions',
  'qa_scores',
  'routing_state',
  'security_strikes',
  'sessions',
  'settings',
  'stars',
  'users',
  'visitors',
  'web_lead_receipts',
];

const hotPathIndexes = [
  'messages_history_ix',
  'messages_client_id_uq',
  'messages_seq_uq',
  'conversations_bucket_ix',
  'conversations_queue_ix',
  'conversations_project_created_ix',
  'conversations_assignee_created_ix',
  'leads_source_stage_created_ix',
  'visitors_project_token_uq',
  'sessions_token_hash_uq',
];

describe('migrations on SQLite', () => {
  test('apply from empty, then re-apply as a no-op', async () => {
    const raw = openSqlite(':memory:');
    const db = sqliteKysely(raw);
    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(db)).toEqual([]);

    const tables = raw
      .query(
        "select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%' order by name",
      )
      .all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toEqual(expectedTables);
    const indexes = (
      raw.query("select name from sqlite_master where type = 'index'").all() as Array<{ name: string }>
    ).map((i) => i.name);
    for (const index of hotPathIndexes) expect(indexes).toContain(index);
    expect(raw.query('pragma foreign_keys').get()).toEqual({ foreign_keys: 1 });
    await db.destroy();
  });

  test('the file database runs in WAL mode', async () => {
    const path = `/tmp/migrate-${crypto.randomUUID()}.sqlite`;
    const raw = openSqlite(path);
    expect(raw.query('pragma journal_mode').get()).toEqual({ journal_mode: 'wal' });
    raw.close();
  });
});

describe.if(Boolean(postgresUrl))('migrations on PostgreSQL', () => {
  test('apply from empty, then re-apply as a no-op', async () => {
    const { db, schema, dispose } = await freshPostgres(postgresUrl ?? '', { migrate: false });
    try {
      expect(await migrateToLatest(db, { schema })).toEqual(Object.keys(migrations));
      expect(await migrateToLatest(db, { schema })).toEqual([]);
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = ${schema} and table_name not like 'kysely_%' order by table_name`.execute(db);
      expect(tables.rows.map((r) => r.table_name)).toEqual(expectedTables);
      const indexes = await sql<{ indexname: string }>`
        select indexname from pg_indexes where schemaname = ${schema}`.execute(db);
      const names = indexes.rows.map((r) => r.indexname);
      for (const index of hotPathIndexes) expect(names).toContain(index);
    } finally {
      await dispose();
    }
  });
});

// Only where a SQL Server exists (.github/workflows/mssql.yml); not a skip on machines without one.
if (mssqlUrl) {
  describe('migrations on SQL Server', () => {
    test('apply from empty, then re-apply as a no-op', async () => {
      const { db, dispose } = await freshMssql(mssqlUrl ?? '', { migrate: false });
      try {
        expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
        expect(await migrateToLatest(db)).toEqual([]);
        const tables = await sql<{ name: string }>`
        select name from sys.tables where name not like 'kysely_%' order by name`.execute(db);
        expect(tables.rows.map((r) => r.name)).toEqual(expectedTables);
      } finally {
        await dispose();
      }
    });
  });
}

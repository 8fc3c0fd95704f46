import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// Google Sheets sources (CRM-6, docs/decisions/0019): a source is enabled or not, carries its
// service-account key sealed (SecretBox), the key's client_email to show, a default country, and
// its polling state (next poll, consecutive failures, the last error and when). Each row seen is
// remembered by its identity (sheet-rows.ts) so inserts above it, sorts and re-reads never
// import it twice.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const add = (
    column: string,
    type: Parameters<ReturnType<Kysely<any>['schema']['alterTable']>['addColumn']>[1],
  ) => db.schema.alterTable('lead_sources').addColumn(column, type).execute();
  await db.schema
    .alterTable('lead_sources')
    .addColumn('enabled', t.flag, (c) => c.notNull().defaultTo(1))
    .execute();
  await add('key_sealed', t.longText);
  await add('client_email', t.string(320));
  await add('default_country', t.string(2));
  await db.schema
    .alterTable('lead_sources')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await add('next_poll_at', t.instant);
  await add('last_error_at', t.instant);
  await add('last_success_at', t.instant);
  await add('last_result', t.text(1000));
  await add('updated_at', t.instant);
  await db.schema
    .createIndex('lead_sources_due_ix')
    .on('lead_sources')
    .columns(['kind', 'enabled', 'next_poll_at'])
    .execute();
  await db.schema
    .createTable('lead_source_rows')
    .addColumn('source_id', t.id, (c) => c.notNull().references('lead_sources.id'))
    .addColumn('identity', t.string(32), (c) => c.notNull())
    .addColumn('lead_id', t.id, (c) => c.references('leads.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('lead_source_rows_pk', ['source_id', 'identity'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lead_source_rows').execute();
  await db.schema.dropIndex('lead_sources_due_ix').on('lead_sources').execute();
  for (const column of [
    'updated_at',
    'last_result',
    'last_success_at',
    'last_error_at',
    'next_poll_at',
    'failures',
    'default_country',
    'client_email',
    'key_sealed',
    'enabled',
  ]) {
    await db.schema.alterTable('lead_sources').dropColumn(column).execute();
  }
}

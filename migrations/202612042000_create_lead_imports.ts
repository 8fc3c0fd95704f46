import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// CSV uploads (CRM-5, docs/decisions/0019): one row per uploaded file, from upload (the file waits
// in DATA_DIR) through preview and mapping to the finished import and its counts. The last
// finished import of a project remembers its column mapping (by header name) for the next file.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('lead_imports')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('project_id', t.id, (c) => c.references('projects.id'))
    .addColumn('file_name', t.text(200), (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    // uploaded | importing | done | failed
    .addColumn('status', t.string(16), (c) => c.notNull())
    // JSON: import field → header name, as mapped for this file
    .addColumn('column_map', t.longText)
    .addColumn('default_country', t.string(2))
    .addColumn('stage', t.string(16))
    .addColumn('assignee_id', t.id, (c) => c.references('users.id'))
    // merge | flag: what a row matching an existing lead does
    .addColumn('on_duplicate', t.string(8), (c) => c.notNull().defaultTo('merge'))
    .addColumn('data_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', t.text(1000))
    .addColumn('created_by', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('finished_at', t.instant)
    .execute();
  await db.schema
    .createIndex('lead_imports_project_status_ix')
    .on('lead_imports')
    .columns(['project_id', 'status', 'finished_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lead_imports').execute();
}

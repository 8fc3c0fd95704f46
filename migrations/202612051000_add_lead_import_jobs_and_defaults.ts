import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// CSV imports run as a background job (docs/decisions/0046): the import row carries the mapping by
// column index, the job's progress (rows counted up front, rows done, the report's committed
// length) and its claim (which worker holds it until when), so a restarted or second instance
// resumes exactly where the last committed chunk ended. Google Sheets sources and each project's
// web-form leads get a default stage and owner.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const addTo = (
    table: string,
    column: string,
    type: Parameters<ReturnType<Kysely<any>['schema']['alterTable']>['addColumn']>[1],
  ) => db.schema.alterTable(table).addColumn(column, type).execute();
  // JSON: import field → column index (the header names in column_map may repeat).
  await addTo('lead_imports', 'column_indexes', t.text(1000));
  await addTo('lead_imports', 'total_rows', 'integer');
  await db.schema
    .alterTable('lead_imports')
    .addColumn('report_bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await addTo('lead_imports', 'claimed_by', t.id);
  await addTo('lead_imports', 'claimed_until', t.instant);
  await db.schema
    .alterTable('lead_imports')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('lead_imports_status_created_ix')
    .on('lead_imports')
    .columns(['status', 'created_at', 'id'])
    .execute();
  await addTo('lead_sources', 'default_stage', t.string(16));
  await db.schema
    .alterTable('lead_sources')
    .addColumn('default_owner_id', t.id, (c) => c.references('users.id'))
    .execute();
  await addTo('projects', 'web_lead_stage', t.string(16));
  await db.schema
    .alterTable('projects')
    .addColumn('web_lead_owner_id', t.id, (c) => c.references('users.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('lead_imports_status_created_ix').on('lead_imports').execute();
  for (const column of [
    'attempts',
    'claimed_until',
    'claimed_by',
    'report_bytes',
    'total_rows',
    'column_indexes',
  ])
    await db.schema.alterTable('lead_imports').dropColumn(column).execute();
  for (const column of ['default_owner_id', 'default_stage'])
    await db.schema.alterTable('lead_sources').dropColumn(column).execute();
  for (const column of ['web_lead_owner_id', 'web_lead_stage'])
    await db.schema.alterTable('projects').dropColumn(column).execute();
}

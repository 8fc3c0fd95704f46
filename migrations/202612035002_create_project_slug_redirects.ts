import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// PROJ-2: a project's old slugs, kept for good so /p/{old} of every running ad redirects to the
// project's page (by id, so a chain of renames is always one hop). A slug here is taken.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('project_slug_redirects')
    .addColumn('slug', t.string(64), (c) => c.primaryKey())
    .addColumn('project_id', t.id, (c) => c.notNull().references('projects.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_slug_redirects_project_ix')
    .on('project_slug_redirects')
    .columns(['project_id', 'slug'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('project_slug_redirects').execute();
}

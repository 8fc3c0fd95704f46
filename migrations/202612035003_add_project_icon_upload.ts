import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// PROJ-1: a project's icon can be uploaded (checked like visitor images) instead of linked: the
// stored file's key under DATA_DIR, its checked type and its pixel size for the web app manifest.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('projects').addColumn('icon_key', t.string(200)).execute();
  await db.schema.alterTable('projects').addColumn('icon_type', t.string(32)).execute();
  await db.schema.alterTable('projects').addColumn('icon_sizes', t.string(16)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('projects').dropColumn('icon_sizes').execute();
  await db.schema.alterTable('projects').dropColumn('icon_type').execute();
  await db.schema.alterTable('projects').dropColumn('icon_key').execute();
}

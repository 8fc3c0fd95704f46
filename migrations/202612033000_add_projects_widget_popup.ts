import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// The widget's auto-popup (WID-3): off by default, shown this many seconds after the host page loads.
// One column per statement: SQLite adds a single column per ALTER TABLE.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .alterTable('projects')
    .addColumn('popup_enabled', t.flag, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('projects')
    .addColumn('popup_delay_seconds', 'integer', (c) => c.notNull().defaultTo(10))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('projects').dropColumn('popup_delay_seconds').execute();
  await db.schema.alterTable('projects').dropColumn('popup_enabled').execute();
}

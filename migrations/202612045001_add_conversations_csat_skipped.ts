import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// BEYOND-5 (ADR 0028): staff may close a chat without the rating question ("close without
// survey"); the flag is written with the close itself.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .alterTable('conversations')
    .addColumn('csat_skipped', t.flag, (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('conversations').dropColumn('csat_skipped').execute();
}

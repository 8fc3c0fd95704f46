import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// The phone country a project's lead form starts on (VIS-2, issue 13): an ISO 3166-1 alpha-2
// code, or NULL for "from the visitor's location, else their browser language".
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('default_country', sql`varchar(2)`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('projects').dropColumn('default_country').execute();
}

import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// GA4's client and session ids from the `_ga` / `_ga_<stream>` cookies at chat start (TRACK-1,
// issue 16), beside Meta's fbc/fbp, so server-side GA4 events join the visitor's GA4 user.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('attributions').addColumn('ga_client_id', t.string(64)).execute();
  await db.schema.alterTable('attributions').addColumn('ga_session_id', t.string(32)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attributions').dropColumn('ga_session_id').execute();
  await db.schema.alterTable('attributions').dropColumn('ga_client_id').execute();
}

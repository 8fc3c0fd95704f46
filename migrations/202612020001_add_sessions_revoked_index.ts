import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Every instance asks twice a second which sessions ended lately (src/realtime/session-watch.ts):
// with this index (and sessions_expires_ix) that read costs the same however many staff are online.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('sessions_revoked_ix').on('sessions').column('revoked_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_revoked_ix').on('sessions').execute();
}

import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Before an address is blocked, the live staff sessions signed in from it are looked up (a block
// would lock them out with a bare 403), and the login throttle asks whether an account ever
// signed in from an address: both read sessions by ip.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('sessions_ip_ix').on('sessions').columns(['ip', 'expires_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_ip_ix').on('sessions').execute();
}

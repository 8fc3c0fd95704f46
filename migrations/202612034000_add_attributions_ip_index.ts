import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// The cap on open chats per address (SEC-8) reads the touches of one address over the last day:
// this index makes that a short range scan at any table size.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('attributions_ip_created_ix')
    .on('attributions')
    .columns(['ip', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('attributions_ip_created_ix').on('attributions').execute();
}

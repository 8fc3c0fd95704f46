import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// The Blocked addresses page (SEC-3) lists blocks in force newest first: permanent ones
// (lifted_at and expires_at null) walk this index in created_at order, temporary ones are the few
// ending after now. Expired strike blocks, the bulk of the table after months, are never read.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('ip_blocks_live_ix')
    .on('ip_blocks')
    .columns(['lifted_at', 'expires_at', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ip_blocks_live_ix').on('ip_blocks').execute();
}

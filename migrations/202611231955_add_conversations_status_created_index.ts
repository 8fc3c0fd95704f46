import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// The admin Chats table (ADMIN-2, PERF-2) filters by status and pages newest-first by start time:
// without this index a status pill sorts every chat of that status for each page.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('conversations_status_created_ix')
    .on('conversations')
    .columns(['status', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('conversations_status_created_ix').on('conversations').execute();
}

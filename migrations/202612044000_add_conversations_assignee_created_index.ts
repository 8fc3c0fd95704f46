import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Reports (REP-1, PERF-2, docs/decisions/0026) filter by agent (the AI included) and page newest
// first by start time: conversations_assignee_ix leads with status and orders by last message, so
// without this index an agent filter sorts every chat that agent ever held for each page.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('conversations_assignee_created_ix')
    .on('conversations')
    .columns(['assignee_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('conversations_assignee_created_ix').on('conversations').execute();
}

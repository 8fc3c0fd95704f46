import { type Kysely, MssqlAdapter } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// PERF-2 (issue 20): a report filtered by agent and stage over a date range (and the chats table's
// agent + stage on every status) had no index with both equalities: the page and its capped total
// sought (lead_stage, created_at) and read every chat of that stage to find the agent's (70-84 ms
// at 1M chats). Agent and stage are rarely written, so the index costs a chat start one entry.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('conversations_assignee_stage_created_ix')
    .on('conversations')
    .columns(['assignee_id', 'lead_stage', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // SQL Server needs the table in DROP INDEX; SQLite and PostgreSQL reject it.
  const drop = db.schema.dropIndex('conversations_assignee_stage_created_ix');
  await (db.getExecutor().adapter instanceof MssqlAdapter ? drop.on('conversations') : drop).execute();
}

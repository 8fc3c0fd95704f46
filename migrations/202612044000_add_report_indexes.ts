import { type Kysely, MssqlAdapter } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Reports (REP-1, PERF-2, docs/decisions/0026) page newest first by (created_at, id) under each
// filter. An agent filter (the AI included) had no index in that order (conversations_assignee_ix
// leads with status and orders by last message); a stage filter had (lead_stage, created_at)
// without the id, so every page sorted the ties in a temporary b-tree. The stage index is
// replaced, not doubled: the new one serves every query the old one did.
/** SQL Server needs the table in DROP INDEX; SQLite and PostgreSQL reject it. */
function dropIndex(db: Kysely<any>, name: string) {
  const drop = db.schema.dropIndex(name);
  return db.getExecutor().adapter instanceof MssqlAdapter ? drop.on('conversations') : drop;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('conversations_assignee_created_ix')
    .on('conversations')
    .columns(['assignee_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('conversations_stage_created_id_ix')
    .on('conversations')
    .columns(['lead_stage', 'created_at', 'id'])
    .execute();
  await dropIndex(db, 'conversations_stage_created_ix').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('conversations_stage_created_ix')
    .on('conversations')
    .columns(['lead_stage', 'created_at'])
    .execute();
  await dropIndex(db, 'conversations_stage_created_id_ix').execute();
  await dropIndex(db, 'conversations_assignee_created_ix').execute();
}

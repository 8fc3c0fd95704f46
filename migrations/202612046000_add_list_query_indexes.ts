import { type Kysely, MssqlAdapter } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// PERF-2 (issue 20, ADR 0031): every list page seeks an index on its filter and reads it in the
// page's order, so no page sorts and none walks rows it then throws away. Each index is the
// filter's equality columns, then the keyset order (created_at, id); the two older indexes that
// stopped at created_at are replaced because ties on created_at sorted in a temporary B-tree.
// (lead_stage, created_at, id) and (assignee_id, created_at, id) came with the reports, 202612044000.
const created = ['created_at', 'id'];

/** SQL Server needs the table in DROP INDEX; SQLite and PostgreSQL reject it. */
function dropIndex(db: Kysely<any>, name: string, table: string) {
  const drop = db.schema.dropIndex(name);
  return db.getExecutor().adapter instanceof MssqlAdapter ? drop.on(table) : drop;
}

export async function up(db: Kysely<any>): Promise<void> {
  const conversations = [
    ['conversations_status_stage_created_ix', ['status', 'lead_stage', ...created]],
    ['conversations_status_assignee_created_ix', ['status', 'assignee_id', ...created]],
    ['conversations_follow_up2_ix', ['assignee_id', 'follow_up_on', 'id']],
  ] as const;
  for (const [name, columns] of conversations) {
    await db.schema
      .createIndex(name)
      .on('conversations')
      .columns([...columns])
      .execute();
  }
  await dropIndex(db, 'conversations_follow_up_ix', 'conversations').execute();
  // The queue drains oldest first by (queued_at, id) (BEYOND-1): id ends the index so ties do not sort.
  await dropIndex(db, 'conversations_queue_ix', 'conversations').execute();
  await db.schema
    .createIndex('conversations_queue_ix')
    .on('conversations')
    .columns(['status', 'queued_at', 'id'])
    .execute();
  // The Blocked addresses history, all kinds or one kind, newest first.
  await db.schema.createIndex('ip_blocks_created2_ix').on('ip_blocks').columns(created).execute();
  await db.schema
    .createIndex('ip_blocks_kind_created_ix')
    .on('ip_blocks')
    .columns(['kind', ...created])
    .execute();
  await dropIndex(db, 'ip_blocks_created_ix', 'ip_blocks').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropIndex(db, 'conversations_queue_ix', 'conversations').execute();
  await db.schema
    .createIndex('conversations_queue_ix')
    .on('conversations')
    .columns(['status', 'queued_at'])
    .execute();
  await db.schema.createIndex('ip_blocks_created_ix').on('ip_blocks').column('created_at').execute();
  await dropIndex(db, 'ip_blocks_kind_created_ix', 'ip_blocks').execute();
  await dropIndex(db, 'ip_blocks_created2_ix', 'ip_blocks').execute();
  await db.schema
    .createIndex('conversations_follow_up_ix')
    .on('conversations')
    .columns(['assignee_id', 'follow_up_on'])
    .execute();
  for (const name of [
    'conversations_follow_up2_ix',
    'conversations_status_created_ix',
    'conversations_status_assignee_created_ix',
    'conversations_status_stage_created_ix',
  ]) {
    await dropIndex(db, name, 'conversations').execute();
  }
  await db.schema
    .createIndex('conversations_status_created_ix')
    .on('conversations')
    .columns(['status', ...created])
    .execute();
}

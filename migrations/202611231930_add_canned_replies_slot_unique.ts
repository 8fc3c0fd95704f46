import { type Kysely, MssqlAdapter } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// AGENT-4 caps canned replies at 5 per agent. Each reply takes one of the slots 1..5, and this
// unique index makes two concurrent saves unable to take the same slot on any dialect, so the
// cap holds without serializable transactions.

/** SQL Server needs the table in DROP INDEX; SQLite and PostgreSQL reject it. */
function dropIndex(db: Kysely<any>, name: string) {
  const drop = db.schema.dropIndex(name);
  return db.getExecutor().adapter instanceof MssqlAdapter ? drop.on('canned_replies') : drop;
}

export async function up(db: Kysely<any>): Promise<void> {
  await dropIndex(db, 'canned_replies_user_ix').execute();
  await db.schema
    .createIndex('canned_replies_user_slot_uq')
    .on('canned_replies')
    .columns(['user_id', 'position'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropIndex(db, 'canned_replies_user_slot_uq').execute();
  await db.schema
    .createIndex('canned_replies_user_ix')
    .on('canned_replies')
    .columns(['user_id', 'position'])
    .execute();
}

import { type Kysely, MssqlAdapter } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// PERF-2 (ADR 0052): the lead inbox counts each source tab up to its cap under the page's filters.
// A search, a follow-up filter or agent + stage seeked only the source (or stage + source) and
// looked up every lead of that source until 10,000 matched: a rare search never got there
// (~165 ms per count at 1M leads). Led by the source, then the filter's key, each count is one
// index range that stops at its cap. The (assignee_id, source) index gains the stage, so agent +
// stage counts seek all three; every query it served, it still serves.
const INDEXES = [
  ['leads_source_name_key_ix', ['source', 'name_key']],
  ['leads_source_phone_reversed_ix', ['source', 'phone_reversed']],
  ['leads_source_email_ix', ['source', 'email']],
  ['leads_source_follow_up_ix', ['source', 'follow_up_on']],
  ['leads_assignee_source_stage_ix', ['assignee_id', 'source', 'stage']],
] as const;

/** SQL Server needs the table in DROP INDEX; SQLite and PostgreSQL reject it. */
function dropLeadsIndex(db: Kysely<any>, name: string) {
  const drop = db.schema.dropIndex(name);
  return (db.getExecutor().adapter instanceof MssqlAdapter ? drop.on('leads') : drop).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of INDEXES) {
    await db.schema
      .createIndex(name)
      .on('leads')
      .columns([...columns])
      .execute();
  }
  await dropLeadsIndex(db, 'leads_assignee_source_ix');
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('leads_assignee_source_ix')
    .on('leads')
    .columns(['assignee_id', 'source'])
    .execute();
  for (const [name] of INDEXES) await dropLeadsIndex(db, name);
}

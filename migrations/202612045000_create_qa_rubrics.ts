import { type Kysely, MssqlAdapter } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// QA-3 scorecards (ADR 0028): the rubric is versioned, one row per saved change, so a score keeps
// the criteria and weights it was given under. A reviewer holds one scorecard per chat (re-scoring
// replaces it). BEYOND-5: when the visitor rated the chat, for reports over time.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('qa_rubric_versions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('criteria', t.longText, (c) => c.notNull())
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('qa_rubric_versions_version_uq')
    .on('qa_rubric_versions')
    .column('version')
    .unique()
    .execute();
  await db.schema.alterTable('qa_scores').addColumn('rubric_version', 'integer').execute();
  await db.schema
    .createIndex('qa_scores_conversation_reviewer_uq')
    .on('qa_scores')
    .columns(['conversation_id', 'reviewer_id'])
    .unique()
    .execute();
  await db.schema.alterTable('conversations').addColumn('csat_at', t.instant).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('conversations').dropColumn('csat_at').execute();
  // SQL Server needs the table in DROP INDEX; SQLite and PostgreSQL reject it.
  const drop = db.schema.dropIndex('qa_scores_conversation_reviewer_uq');
  await (db.getExecutor().adapter instanceof MssqlAdapter ? drop.on('qa_scores') : drop).execute();
  await db.schema.alterTable('qa_scores').dropColumn('rubric_version').execute();
  await db.schema.dropTable('qa_rubric_versions').execute();
}

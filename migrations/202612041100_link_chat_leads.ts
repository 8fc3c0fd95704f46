import { type Kysely, MssqlAdapter } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// CRM-1 "every chat is a lead" (ADR 0015): a visitor's chats are one lead of their project, the
// lead's id being the visitor's id (one per visitor, spanning reopened chats). Search keys for the
// lead inbox (phone digits reversed as in ADR 0038, lower-cased name) and one index per filter,
// each ending in the inbox order (created_at, id), so every list is a range read.
const BATCH = 100; // 100 rows x 15 values stays under SQL Server's 2,100 parameters

const reversedDigits = (phone: string | null): string | null => {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits === '' ? null : [...digits].reverse().join('').slice(0, 20);
};
// The AI fallback agent's fixed id (src/ai/ai-agent.ts): a lead's owner is a person.
const AI_AGENT_ID = '00000000000000000000000AI1';
const nameKey = (name: string | null): string | null => name?.trim().toLowerCase().slice(0, 120) || null;

/** SQL Server needs the table in DROP INDEX; SQLite and PostgreSQL reject it. */
function dropLeadsIndex(db: Kysely<any>, name: string) {
  const drop = db.schema.dropIndex(name);
  return (db.getExecutor().adapter instanceof MssqlAdapter ? drop.on('leads') : drop).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const mssql = db.getExecutor().adapter instanceof MssqlAdapter;
  await db.schema.alterTable('leads').addColumn('visitor_id', t.id).execute();
  await db.schema.alterTable('leads').addColumn('phone_reversed', t.string(20)).execute();
  await db.schema.alterTable('leads').addColumn('name_key', t.text(120)).execute();

  let afterId = '';
  for (;;) {
    const visitors: Array<{
      id: string;
      project_id: string;
      name: string | null;
      phone: string | null;
      email: string | null;
      first_attribution_id: string | null;
      created_at: string;
    }> = await db
      .selectFrom('visitors')
      .select(['id', 'project_id', 'name', 'phone', 'email', 'first_attribution_id', 'created_at'])
      .where('id', '>', afterId)
      .where((eb) =>
        eb.exists(eb.selectFrom('conversations').select('id').whereRef('visitor_id', '=', 'visitors.id')),
      )
      .orderBy('id')
      .$call((qb) => (mssql ? qb.top(BATCH) : qb.limit(BATCH)))
      .execute();
    const last = visitors.at(-1);
    if (!last) break;
    // The newest chat of each visitor (ids are time-ordered) carries the lead's stage and owner.
    const newest: Array<{
      visitor_id: string;
      lead_stage: string;
      assignee_id: string | null;
      follow_up_on: string | null;
      final_remark: string | null;
      updated_at: string;
    }> = await db
      .selectFrom('conversations')
      .select(['visitor_id', 'lead_stage', 'assignee_id', 'follow_up_on', 'final_remark', 'updated_at'])
      .where(
        'id',
        'in',
        db
          .selectFrom('conversations')
          .select((eb) => eb.fn.max('id').as('id'))
          .where(
            'visitor_id',
            'in',
            visitors.map((v) => v.id),
          )
          .groupBy('visitor_id'),
      )
      .execute();
    const chatOf = new Map(newest.map((row) => [row.visitor_id, row]));
    await db
      .insertInto('leads')
      .values(
        visitors.map((v) => {
          const chat = chatOf.get(v.id);
          return {
            id: v.id,
            project_id: v.project_id,
            source: 'chat',
            visitor_id: v.id,
            name: v.name,
            name_key: nameKey(v.name),
            phone: v.phone,
            phone_reversed: reversedDigits(v.phone),
            email: v.email?.toLowerCase() ?? null,
            attribution_id: v.first_attribution_id,
            stage: chat?.lead_stage ?? 'new',
            assignee_id: chat?.assignee_id === AI_AGENT_ID ? null : (chat?.assignee_id ?? null),
            follow_up_on: chat?.follow_up_on ?? null,
            final_remark: chat?.final_remark ?? null,
            created_at: v.created_at,
            updated_at: chat?.updated_at ?? v.created_at,
          };
        }),
      )
      .execute();
    if (visitors.length < BATCH) break;
    afterId = last.id;
  }

  const index = (name: string, columns: string[]) =>
    db.schema.createIndex(name).on('leads').columns(columns).execute();
  await index('leads_visitor_ix', ['visitor_id']);
  await index('leads_created_ix', ['created_at', 'id']);
  await index('leads_stage_created_ix', ['stage', 'created_at', 'id']);
  await index('leads_assignee_created_ix', ['assignee_id', 'created_at', 'id']);
  await index('leads_project_created_ix', ['project_id', 'created_at', 'id']);
  await index('leads_source_created_ix', ['source', 'created_at', 'id']);
  await index('leads_follow_up_ix', ['follow_up_on', 'created_at', 'id']);
  // The agent's follow-ups due (AGENT-7) read in (follow_up_on, id) order: the id ends the index.
  await index('leads_assignee_follow_up_id_ix', ['assignee_id', 'follow_up_on', 'id']);
  await dropLeadsIndex(db, 'leads_assignee_follow_up_ix');
  // The source tabs count each source under the other filters: (filter, source) keeps each count
  // a covering index range (capped), never a row lookup per lead.
  await index('leads_assignee_source_ix', ['assignee_id', 'source']);
  await index('leads_project_source_ix', ['project_id', 'source']);
  await index('leads_stage_source_ix', ['stage', 'source']);
  await index('leads_phone_reversed_ix', ['phone_reversed']);
  await index('leads_name_key_ix', ['name_key']);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('leads_assignee_follow_up_ix')
    .on('leads')
    .columns(['assignee_id', 'follow_up_on'])
    .execute();
  for (const name of [
    'leads_assignee_follow_up_id_ix',
    'leads_assignee_source_ix',
    'leads_project_source_ix',
    'leads_stage_source_ix',
    'leads_visitor_ix',
    'leads_created_ix',
    'leads_stage_created_ix',
    'leads_assignee_created_ix',
    'leads_project_created_ix',
    'leads_source_created_ix',
    'leads_follow_up_ix',
    'leads_phone_reversed_ix',
    'leads_name_key_ix',
  ]) {
    await dropLeadsIndex(db, name);
  }
  await db.deleteFrom('leads').where('source', '=', 'chat').execute();
  await db.schema.alterTable('leads').dropColumn('name_key').execute();
  await db.schema.alterTable('leads').dropColumn('phone_reversed').execute();
  await db.schema.alterTable('leads').dropColumn('visitor_id').execute();
}

import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// The AI fallback agent (issue 17, docs/decisions/0025-ai-virtual-agent.md):
// - a system user row that holds the chats the AI answers (conversations.assignee_id), authors
//   its messages and handover notes. It can never sign in: inactive, no usable password hash, a
//   role outside the staff roles, an address in the reserved .invalid domain. The id is
//   AI_AGENT_ID in src/ai/ai-agent.ts (written out here: migrations never import src/).
// - ai_errors: provider failures and cost-control hits, listed on /admin/ai.
// - the "AI-handled chats" index: conversations.ai_active = 1 (the AI held the chat at least
//   once), newest first by start time, for reports and the QA filter.
const AI_AGENT_ID = '00000000000000000000000AI1';
const CREATED_AT = '2026-12-03T00:00:00.000Z';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db
    .insertInto('users')
    .values({
      id: AI_AGENT_ID,
      email: 'ai-agent@system.invalid',
      display_name: 'AI',
      password_hash: '!',
      role: 'ai',
      is_active: 0,
      live_chat_enabled: 0,
      crm_enabled: 0,
      active_limit: 0,
      offline_limit: 0,
      on_break: 0,
      created_at: CREATED_AT,
      updated_at: CREATED_AT,
    })
    .execute();

  await db.schema
    .createTable('ai_errors')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('occurred_at', t.instant, (c) => c.notNull())
    // a provider failure reason (rate_limited, auth, …) or a cost control (reply_cap, visitor_rate_limit)
    .addColumn('reason', t.string(24), (c) => c.notNull())
    .addColumn('detail', t.text(400), (c) => c.notNull())
    .addColumn('provider', t.string(16), (c) => c.notNull())
    .addColumn('model', t.string(200), (c) => c.notNull())
    .addColumn('conversation_id', t.id)
    .execute();
  await db.schema
    .createIndex('ai_errors_occurred_ix')
    .on('ai_errors')
    .columns(['occurred_at', 'id'])
    .execute();

  await db.schema
    .createIndex('conversations_ai_created_ix')
    .on('conversations')
    .columns(['ai_active', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('conversations_ai_created_ix').on('conversations').execute();
  await db.schema.dropTable('ai_errors').execute();
  await db.deleteFrom('users').where('id', '=', AI_AGENT_ID).execute();
}

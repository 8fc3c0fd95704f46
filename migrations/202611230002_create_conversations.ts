import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('visitors')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('project_id', t.id, (c) => c.notNull().references('projects.id'))
    .addColumn('token_hash', t.string(64), (c) => c.notNull())
    .addColumn('name', t.text(120))
    .addColumn('phone', t.string(20))
    .addColumn('email', t.string(254))
    .addColumn('first_ip', t.string(45))
    .addColumn('first_attribution_id', t.id)
    .addColumn('external_user_id', t.string(128))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('last_seen_at', t.instant, (c) => c.notNull())
    .execute();
  // A token opens only its own project's visitor: the lookup is by (project, token hash).
  await db.schema
    .createIndex('visitors_project_token_uq')
    .on('visitors')
    .columns(['project_id', 'token_hash'])
    .unique()
    .execute();
  await db.schema
    .createIndex('visitors_project_phone_ix')
    .on('visitors')
    .columns(['project_id', 'phone'])
    .execute();

  // One row per touch (VIS-10): the visitor points at its first, each conversation at its own.
  await db.schema
    .createTable('attributions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('visitor_id', t.id, (c) => c.references('visitors.id'))
    .addColumn('source_domain', t.string(255))
    .addColumn('referrer', t.text(2000))
    .addColumn('landing_url', t.text(2000))
    .addColumn('utm_source', t.text(255))
    .addColumn('utm_medium', t.text(255))
    .addColumn('utm_campaign', t.text(255))
    .addColumn('utm_term', t.text(255))
    .addColumn('utm_content', t.text(255))
    .addColumn('gclid', t.string(255))
    .addColumn('gbraid', t.string(255))
    .addColumn('wbraid', t.string(255))
    .addColumn('fbclid', t.string(255))
    .addColumn('fbc', t.string(300))
    .addColumn('fbp', t.string(255))
    .addColumn('device_type', t.string(20))
    .addColumn('os_name', t.string(60))
    .addColumn('os_version', t.string(40))
    .addColumn('browser_name', t.string(60))
    .addColumn('browser_version', t.string(40))
    .addColumn('language', t.string(35))
    .addColumn('connection_type', t.string(20))
    .addColumn('geo_country', t.string(2))
    .addColumn('geo_region', t.text(120))
    .addColumn('geo_city', t.text(120))
    .addColumn('time_on_page_ms', 'integer')
    .addColumn('is_returning', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('ip', t.string(45))
    .addColumn('user_agent', t.text(512))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attributions_visitor_ix')
    .on('attributions')
    .columns(['visitor_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('attributions_campaign_ix')
    .on('attributions')
    .columns(['utm_source', 'utm_campaign', 'created_at'])
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('project_id', t.id, (c) => c.notNull().references('projects.id'))
    .addColumn('visitor_id', t.id, (c) => c.notNull().references('visitors.id'))
    .addColumn('attribution_id', t.id, (c) => c.references('attributions.id'))
    // unassigned | active | offline | closed (ROUTE-1)
    .addColumn('status', t.string(16), (c) => c.notNull())
    .addColumn('assignee_id', t.id, (c) => c.references('users.id'))
    // Denormalised from the visitor so search and duplicate-by-phone routing stay single-table.
    .addColumn('visitor_name', t.text(120))
    .addColumn('visitor_phone', t.string(20))
    .addColumn('visitor_email', t.string(254))
    .addColumn('ai_active', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('ai_never', t.flag, (c) => c.notNull().defaultTo(0))
    // new | qualified | not_qualified | converted (CRM-2)
    .addColumn('lead_stage', t.string(16), (c) => c.notNull().defaultTo('new'))
    .addColumn('follow_up_on', t.date)
    .addColumn('final_remark', t.text(2000))
    .addColumn('conversion_value', 'decimal(14, 2)')
    .addColumn('conversion_currency', t.string(3))
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_message_at', t.instant, (c) => c.notNull())
    .addColumn('last_message_preview', t.text(200))
    // Receipt watermarks (VIS-7): one update covers every message up to the sequence.
    .addColumn('visitor_delivered_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('visitor_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('staff_delivered_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('staff_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('queued_at', t.instant)
    .addColumn('assigned_at', t.instant)
    .addColumn('visitor_left_at', t.instant)
    .addColumn('first_response_at', t.instant)
    .addColumn('last_agent_reply_at', t.instant)
    .addColumn('closed_at', t.instant)
    .addColumn('closed_by', t.id)
    .addColumn('csat_score', 'integer')
    .addColumn('csat_comment', t.text(2000))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  // Agent buckets (AGENT-1): status + assignee, newest message first, keyset on id.
  await db.schema
    .createIndex('conversations_bucket_ix')
    .on('conversations')
    .columns(['status', 'assignee_id', 'last_message_at', 'id'])
    .execute();
  await db.schema
    .createIndex('conversations_assignee_ix')
    .on('conversations')
    .columns(['assignee_id', 'status', 'last_message_at'])
    .execute();
  // Queue drain oldest-first (BEYOND-1).
  await db.schema
    .createIndex('conversations_queue_ix')
    .on('conversations')
    .columns(['status', 'queued_at'])
    .execute();
  // Reports per project and date (REP-1), and the plain date range.
  await db.schema
    .createIndex('conversations_project_created_ix')
    .on('conversations')
    .columns(['project_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('conversations_created_ix')
    .on('conversations')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('conversations_stage_created_ix')
    .on('conversations')
    .columns(['lead_stage', 'created_at'])
    .execute();
  await db.schema
    .createIndex('conversations_visitor_ix')
    .on('conversations')
    .columns(['visitor_id', 'created_at'])
    .execute();
  // Duplicate-by-phone routing (ROUTE-2) and name/phone search.
  await db.schema
    .createIndex('conversations_phone_status_ix')
    .on('conversations')
    .columns(['visitor_phone', 'status'])
    .execute();
  await db.schema
    .createIndex('conversations_follow_up_ix')
    .on('conversations')
    .columns(['assignee_id', 'follow_up_on'])
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('conversation_id', t.id, (c) => c.notNull().references('conversations.id'))
    .addColumn('uploader_kind', t.string(16), (c) => c.notNull())
    .addColumn('storage_key', t.string(200), (c) => c.notNull())
    .addColumn('content_type', t.string(40), (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('sha256', t.string(64), (c) => c.notNull())
    .addColumn('original_name', t.text(255))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attachments_conversation_ix')
    .on('attachments')
    .column('conversation_id')
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('conversation_id', t.id, (c) => c.notNull().references('conversations.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // visitor | agent | admin | ai | system
    .addColumn('sender_kind', t.string(16), (c) => c.notNull())
    .addColumn('sender_user_id', t.id, (c) => c.references('users.id'))
    .addColumn('client_message_id', t.string(64), (c) => c.notNull())
    .addColumn('body', t.longText, (c) => c.notNull())
    .addColumn('reply_to_id', t.id)
    .addColumn('attachment_id', t.id, (c) => c.references('attachments.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  // Idempotent sends (RT-3): a retried client message id can never insert a second row.
  await db.schema
    .createIndex('messages_client_id_uq')
    .on('messages')
    .columns(['conversation_id', 'client_message_id'])
    .unique()
    .execute();
  // Gap detection and catch-up "after sequence N"; also guarantees one row per sequence.
  await db.schema
    .createIndex('messages_seq_uq')
    .on('messages')
    .columns(['conversation_id', 'seq'])
    .unique()
    .execute();
  // History keyset (VIS-4, PERF-1): last 30 and older pages by (created_at, id).
  await db.schema
    .createIndex('messages_history_ix')
    .on('messages')
    .columns(['conversation_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('stars')
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('conversation_id', t.id, (c) => c.notNull().references('conversations.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('stars_pk', ['user_id', 'conversation_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['stars', 'messages', 'attachments', 'conversations', 'attributions', 'visitors']) {
    await db.schema.dropTable(table).execute();
  }
}

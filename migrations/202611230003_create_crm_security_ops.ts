import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  // CSV uploads and Google Sheets (CRM-5, CRM-6).
  await db.schema
    .createTable('lead_sources')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kind', t.string(16), (c) => c.notNull())
    .addColumn('name', t.text(160), (c) => c.notNull())
    .addColumn('project_id', t.id, (c) => c.references('projects.id'))
    .addColumn('sheet_id', t.string(200))
    .addColumn('sheet_range', t.string(200))
    .addColumn('column_map', t.longText, (c) => c.notNull())
    .addColumn('poll_interval_s', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('last_row', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_polled_at', t.instant)
    .addColumn('last_error', t.text(2000))
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  // Leads that did not start as a chat (CRM-1): web forms, CSV rows, sheet rows.
  await db.schema
    .createTable('leads')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('project_id', t.id, (c) => c.references('projects.id'))
    // web | csv | sheet
    .addColumn('source', t.string(16), (c) => c.notNull())
    .addColumn('source_id', t.id, (c) => c.references('lead_sources.id'))
    .addColumn('external_key', t.string(200))
    .addColumn('name', t.text(120))
    .addColumn('phone', t.string(20))
    .addColumn('email', t.string(254))
    .addColumn('page_url', t.text(2000))
    .addColumn('attribution_id', t.id, (c) => c.references('attributions.id'))
    .addColumn('stage', t.string(16), (c) => c.notNull().defaultTo('new'))
    .addColumn('assignee_id', t.id, (c) => c.references('users.id'))
    .addColumn('follow_up_on', t.date)
    .addColumn('final_remark', t.text(2000))
    .addColumn('duplicate_of_id', t.id)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('leads_source_stage_created_ix')
    .on('leads')
    .columns(['source', 'stage', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('leads_phone_ix').on('leads').column('phone').execute();
  await db.schema.createIndex('leads_email_ix').on('leads').column('email').execute();
  await db.schema
    .createIndex('leads_assignee_follow_up_ix')
    .on('leads')
    .columns(['assignee_id', 'follow_up_on'])
    .execute();
  await db.schema
    .createIndex('leads_source_external_ix')
    .on('leads')
    .columns(['source_id', 'external_key'])
    .execute();

  // Append-only notes on a chat lead or another lead (CRM-3).
  await db.schema
    .createTable('lead_notes')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('conversation_id', t.id, (c) => c.references('conversations.id'))
    .addColumn('lead_id', t.id, (c) => c.references('leads.id'))
    .addColumn('author_id', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('body', t.text(4000), (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('lead_notes_conversation_ix')
    .on('lead_notes')
    .columns(['conversation_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('lead_notes_lead_ix')
    .on('lead_notes')
    .columns(['lead_id', 'created_at'])
    .execute();

  // IP blocks are never deleted: lifting one stamps it, so the rows are the audit trail (SEC-3).
  await db.schema
    .createTable('ip_blocks')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('ip', t.string(45), (c) => c.notNull())
    // manual | strike
    .addColumn('kind', t.string(16), (c) => c.notNull())
    .addColumn('rule', t.string(32))
    .addColumn('reason', t.text(500))
    .addColumn('conversation_id', t.id)
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant)
    .addColumn('lifted_at', t.instant)
    .addColumn('lifted_by', t.id, (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('ip_blocks_ip_ix')
    .on('ip_blocks')
    .columns(['ip', 'lifted_at', 'expires_at'])
    .execute();
  await db.schema.createIndex('ip_blocks_created_ix').on('ip_blocks').column('created_at').execute();

  // Strike events when no Redis is configured, and for the audit view (SEC-2).
  await db.schema
    .createTable('security_strikes')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('ip', t.string(45), (c) => c.notNull())
    .addColumn('rule', t.string(32), (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('security_strikes_ip_rule_ix')
    .on('security_strikes')
    .columns(['ip', 'rule', 'created_at'])
    .execute();

  // Persistent round-robin pointer (ROUTE-2) and other small routing state.
  await db.schema
    .createTable('routing_state')
    .addColumn('key', t.string(64), (c) => c.primaryKey())
    .addColumn('value', t.string(200), (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  // One leader across instances runs the sweepers (ROUTE-11) when no Redis lock is available.
  await db.schema
    .createTable('leases')
    .addColumn('name', t.string(64), (c) => c.primaryKey())
    .addColumn('holder', t.string(64), (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .execute();

  // Durable outbox for conversion APIs (TRACK-3): retried until sent, event id shared with the browser.
  await db.schema
    .createTable('outbox_events')
    .addColumn('id', t.id, (c) => c.primaryKey())
    // meta_capi | ga4
    .addColumn('destination', t.string(16), (c) => c.notNull())
    .addColumn('event_id', t.string(64), (c) => c.notNull())
    .addColumn('project_id', t.id, (c) => c.references('projects.id'))
    .addColumn('conversation_id', t.id)
    .addColumn('lead_id', t.id)
    .addColumn('payload', t.longText, (c) => c.notNull())
    // pending | sent | failed
    .addColumn('status', t.string(16), (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', t.instant, (c) => c.notNull())
    .addColumn('last_error', t.text(2000))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('sent_at', t.instant)
    .execute();
  await db.schema
    .createIndex('outbox_events_due_ix')
    .on('outbox_events')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('outbox_events_destination_event_uq')
    .on('outbox_events')
    .columns(['destination', 'event_id'])
    .unique()
    .execute();

  // QA scorecards (QA-3): agent_id null with agent_kind 'ai' grades the AI agent.
  await db.schema
    .createTable('qa_scores')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('conversation_id', t.id, (c) => c.notNull().references('conversations.id'))
    .addColumn('reviewer_id', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('agent_kind', t.string(8), (c) => c.notNull())
    .addColumn('agent_id', t.id, (c) => c.references('users.id'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('rubric', t.longText)
    .addColumn('comment', t.text(2000))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('qa_scores_agent_ix')
    .on('qa_scores')
    .columns(['agent_kind', 'agent_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('qa_scores_conversation_ix')
    .on('qa_scores')
    .column('conversation_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [
    'qa_scores',
    'outbox_events',
    'leases',
    'routing_state',
    'security_strikes',
    'ip_blocks',
    'lead_notes',
    'leads',
    'lead_sources',
  ];
  for (const table of tables) await db.schema.dropTable(table).execute();
}

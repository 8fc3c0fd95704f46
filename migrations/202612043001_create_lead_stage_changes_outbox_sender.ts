import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// Conversion tracking wiring (TRACK-2/3, issue 16, docs/decisions/0018 and 0023):
// - lead_stage_changes: every stage change, written in the same transaction as the stage itself
//   and the outbox rows it produces;
// - outbox_events: what the sender job needs (platform event name and stage, the event time the
//   windows count from, an atomic claim, the last HTTP status and attempt). `destination` holds
//   the platform: meta | ga4. Status: pending | sent | failed (gave up) | refused (never valid);
// - projects: the tracking settings beside the credentials created with the table, and the
//   default currency of a Converted value.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('lead_stage_changes')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('conversation_id', t.id, (c) => c.notNull().references('conversations.id'))
    .addColumn('lead_id', t.id)
    .addColumn('from_stage', t.string(16), (c) => c.notNull())
    .addColumn('to_stage', t.string(16), (c) => c.notNull())
    .addColumn('conversion_value', 'decimal(14, 2)')
    .addColumn('conversion_currency', t.string(3))
    .addColumn('actor_id', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('lead_stage_changes_conversation_ix')
    .on('lead_stage_changes')
    .columns(['conversation_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('lead_stage_changes_created_ix')
    .on('lead_stage_changes')
    .columns(['created_at', 'id'])
    .execute();

  for (const [name, type] of [
    ['event_name', t.string(64)],
    ['stage', t.string(16)],
    ['event_time', t.instant],
    ['claimed_until', t.instant],
    ['last_attempt_at', t.instant],
    ['last_http_status', 'integer'],
  ] as const) {
    await db.schema.alterTable('outbox_events').addColumn(name, type).execute();
  }
  await db.schema
    .createIndex('outbox_events_project_created_ix')
    .on('outbox_events')
    .columns(['project_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('outbox_events_conversation_ix')
    .on('outbox_events')
    .column('conversation_id')
    .execute();

  for (const [name, type] of [
    ['meta_test_event_code', t.string(64)],
    ['meta_not_qualified_event', t.string(40)],
    // server | browser | none; NULL = server when GA4's API secret is set, else browser.
    ['ga4_side', t.string(8)],
    // ISO 4217 of a Converted value entered without one; NULL = USD.
    ['default_currency', t.string(3)],
  ] as const) {
    await db.schema.alterTable('projects').addColumn(name, type).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['default_currency', 'ga4_side', 'meta_not_qualified_event', 'meta_test_event_code'])
    await db.schema.alterTable('projects').dropColumn(name).execute();
  await db.schema.dropIndex('outbox_events_conversation_ix').on('outbox_events').execute();
  await db.schema.dropIndex('outbox_events_project_created_ix').on('outbox_events').execute();
  for (const name of [
    'last_http_status',
    'last_attempt_at',
    'claimed_until',
    'event_time',
    'stage',
    'event_name',
  ])
    await db.schema.alterTable('outbox_events').dropColumn(name).execute();
  await db.schema.dropTable('lead_stage_changes').execute();
}

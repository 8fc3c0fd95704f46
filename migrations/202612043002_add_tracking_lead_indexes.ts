import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Conversion events are once per LEAD (a visitor's chats are one lead, ADR 0015; web and imported
// leads have no chat): the outbox and the stage history are read by lead id (docs/decisions/0023).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('outbox_events_lead_ix').on('outbox_events').column('lead_id').execute();
  await db.schema
    .createIndex('lead_stage_changes_lead_ix')
    .on('lead_stage_changes')
    .columns(['lead_id', 'to_stage'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('lead_stage_changes_lead_ix').on('lead_stage_changes').execute();
  await db.schema.dropIndex('outbox_events_lead_ix').on('outbox_events').execute();
}

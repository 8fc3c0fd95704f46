import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// Web leads (CRM-1, WID-6): POST /api/web-leads is idempotent on the client-supplied id, per
// project; a receipt row makes a repeat (beacon retried, form submitted twice) return the first
// lead. The lead keeps which form it came from and the ISO country of its number (+1 alone does
// not say which of 25 countries).
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('web_lead_receipts')
    .addColumn('project_id', t.id, (c) => c.notNull().references('projects.id'))
    .addColumn('client_id', t.string(100), (c) => c.notNull())
    .addColumn('lead_id', t.id, (c) => c.notNull().references('leads.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('web_lead_receipts_pk', ['project_id', 'client_id'])
    .execute();
  await db.schema.alterTable('leads').addColumn('form_name', t.text(120)).execute();
  await db.schema.alterTable('leads').addColumn('phone_country', t.string(2)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('leads').dropColumn('phone_country').execute();
  await db.schema.alterTable('leads').dropColumn('form_name').execute();
  await db.schema.dropTable('web_lead_receipts').execute();
}

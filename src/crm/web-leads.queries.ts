import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import { leadSearchColumns } from '../leads/lead-search.ts';
import { LEAD_STAGES, type LeadStage } from '../leads/lead-stage.ts';
import type { LeadDefaults } from './lead-defaults.ts';
import type { WebLead } from './web-lead.ts';

/** The lead a client id already produced in this project (POST /api/web-leads is idempotent). */
export async function findWebLeadReceipt(
  db: Db,
  projectId: string,
  clientId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('web_lead_receipts')
    .select('lead_id')
    .where('project_id', '=', projectId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row?.lead_id;
}

/**
 * The project's first lead with this phone or email (both are indexed), so a returning contact
 * is marked as a duplicate of the lead the team already works instead of starting over (CRM-5).
 */
export async function findFirstLeadWithContact(
  db: Db,
  projectId: string,
  contact: { phone: string | null; email: string | null },
): Promise<string | undefined> {
  const earliest = async (column: 'phone' | 'email', value: string) =>
    (
      await firstRows(
        db,
        db
          .selectFrom('leads')
          .select(['id', 'created_at'])
          .where(column, '=', value)
          .where('project_id', '=', projectId)
          .where('duplicate_of_id', 'is', null)
          .orderBy('created_at')
          .orderBy('id'),
        1,
      ).executeTakeFirst()
    )?.id;
  const byPhone = contact.phone ? await earliest('phone', contact.phone) : undefined;
  return byPhone ?? (contact.email ? await earliest('email', contact.email) : undefined);
}

/** The stage and owner a project's web-form leads get (docs/decisions/0046). */
export async function findWebLeadDefaults(db: Db, projectId: string): Promise<LeadDefaults | undefined> {
  const row = await db
    .selectFrom('projects')
    .select(['web_lead_stage', 'web_lead_owner_id'])
    .where('id', '=', projectId)
    .executeTakeFirst();
  if (!row) return undefined;
  const stage = (LEAD_STAGES as readonly string[]).includes(row.web_lead_stage ?? '')
    ? (row.web_lead_stage as LeadStage)
    : null;
  return { stage, ownerId: row.web_lead_owner_id };
}

export async function updateWebLeadDefaults(
  db: Db,
  row: { projectId: string; defaults: LeadDefaults; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('projects')
    .set({
      web_lead_stage: row.defaults.stage,
      web_lead_owner_id: row.defaults.ownerId,
      updated_at: row.now,
    })
    .where('id', '=', row.projectId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertWebLead(
  db: Db,
  row: {
    id: string;
    projectId: string;
    lead: WebLead;
    attributionId: string;
    duplicateOfId: string | undefined;
    stage: LeadStage;
    assigneeId: string | null;
    now: string;
  },
): Promise<void> {
  const { lead } = row;
  await db
    .insertInto('leads')
    .values({
      id: row.id,
      project_id: row.projectId,
      source: 'web',
      external_key: lead.clientId,
      name: lead.name,
      phone: lead.phone,
      phone_country: lead.phoneCountry,
      email: lead.email,
      ...leadSearchColumns(lead),
      page_url: lead.pageUrl,
      form_name: lead.formName,
      attribution_id: row.attributionId,
      stage: row.stage,
      assignee_id: row.assigneeId,
      duplicate_of_id: row.duplicateOfId ?? null,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
  await db
    .insertInto('web_lead_receipts')
    .values({ project_id: row.projectId, client_id: lead.clientId, lead_id: row.id, created_at: row.now })
    .execute();
}

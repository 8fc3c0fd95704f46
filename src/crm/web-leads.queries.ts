import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import { leadSearchColumns } from '../leads/lead-search.ts';
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

export async function insertWebLead(
  db: Db,
  row: {
    id: string;
    projectId: string;
    lead: WebLead;
    attributionId: string;
    duplicateOfId: string | undefined;
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

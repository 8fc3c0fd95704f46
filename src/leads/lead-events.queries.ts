import type { Db } from '../db/database.ts';
import { firstRows, isSet } from '../db/dialect.ts';

/** A lead as its `lead.changed` event names it: the lead, its newest chat and that chat's holder. */
export interface LeadEventFacts {
  leadId: string;
  projectId: string | null;
  ownerId: string | null;
  stage: string;
  chatId: string | null;
  chatHolderId: string | null;
}

/** The lead by id, or a chat's lead (its id is the chat's visitor's, ADR 0015). */
export async function findLeadEventFacts(
  db: Db,
  of: { leadId: string } | { conversationId: string },
): Promise<LeadEventFacts | undefined> {
  const lead = await db
    .selectFrom('leads')
    .select(['id', 'project_id', 'assignee_id', 'stage', 'visitor_id'])
    .where('id', '=', (eb) =>
      'leadId' in of
        ? eb.val(of.leadId)
        : eb.selectFrom('conversations').select('visitor_id').where('id', '=', of.conversationId),
    )
    .executeTakeFirst();
  if (!lead) return undefined;
  const chat = lead.visitor_id
    ? await firstRows(
        db,
        db
          .selectFrom('conversations')
          .select(['id', 'assignee_id'])
          .where('visitor_id', '=', lead.visitor_id)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc'),
        1,
      ).executeTakeFirst()
    : undefined;
  return {
    leadId: lead.id,
    projectId: lead.project_id,
    ownerId: lead.assignee_id,
    stage: lead.stage,
    chatId: chat?.id ?? null,
    chatHolderId: chat?.assignee_id ?? null,
  };
}

/** Whether each of these people is an active agent, and whether CRM Leads is on for them. */
export async function listAgentGrants(
  db: Db,
  userIds: readonly string[],
): Promise<Array<{ id: string; crmEnabled: boolean }>> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'crm_enabled'])
    .where('id', 'in', [...userIds])
    .where('role', '=', 'agent')
    .where('is_active', '=', 1)
    .execute();
  return rows.map((row) => ({ id: row.id, crmEnabled: isSet(row.crm_enabled) }));
}

/** Every active agent with CRM Leads on: those an unassigned lead is listed for (ADR 0016). */
export async function listCrmAgentIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'agent')
    .where('is_active', '=', 1)
    .where('crm_enabled', '=', 1)
    .execute();
  return rows.map((row) => row.id);
}

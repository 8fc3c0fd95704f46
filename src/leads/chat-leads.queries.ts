import type { Db } from '../db/database.ts';
import { leadSearchColumns } from './lead-search.ts';

/**
 * Every chat is a lead (CRM-1, ADR 0015): a visitor's chats are one lead of their project whose id
 * is the visitor's id, written in the chat-start transaction, so the lead exists from the moment
 * the chat does and carries the visitor's first touch.
 */

/** Inserts the visitor's lead, or refreshes its contact when it exists (a returning visitor). */
export async function saveChatLead(
  db: Db,
  lead: {
    visitorId: string;
    projectId: string;
    contact: { name: string; phone: string; email: string | null };
    attributionId: string;
    now: string;
  },
): Promise<void> {
  const contact = {
    name: lead.contact.name,
    phone: lead.contact.phone,
    email: lead.contact.email?.toLowerCase() ?? null,
    ...leadSearchColumns(lead.contact),
  };
  const updated = await db
    .updateTable('leads')
    .set({ ...contact, updated_at: lead.now })
    .where('id', '=', lead.visitorId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await db
    .insertInto('leads')
    .values({
      id: lead.visitorId,
      project_id: lead.projectId,
      source: 'chat',
      visitor_id: lead.visitorId,
      ...contact,
      attribution_id: lead.attributionId,
      created_at: lead.now,
      updated_at: lead.now,
    })
    .execute();
}

/** The lead's owner follows the person who last took its chat (the AI never owns a lead). */
export async function assignChatLead(db: Db, visitorId: string, agentId: string, now: string): Promise<void> {
  await db
    .updateTable('leads')
    .set({ assignee_id: agentId, updated_at: now })
    .where('id', '=', visitorId)
    .where((eb) => eb.or([eb('assignee_id', 'is', null), eb('assignee_id', '<>', agentId)]))
    .execute();
}

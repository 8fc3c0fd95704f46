import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import { leadSearchColumns } from './lead-search.ts';
import { type ChatLeadSummary, TOUCH_COLUMNS, toLeadTouch } from './lead-touch.ts';

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

const SIDE_NOTES = 3;

/** The lead beside its chat: the chat's own touch, the lead's follow-up and its latest notes. */
export async function findChatLeadSummary(
  db: Db,
  chat: { visitorId: string; attributionId: string | null },
): Promise<ChatLeadSummary | undefined> {
  const lead = await db
    .selectFrom('leads')
    .select(['id', 'follow_up_on', 'final_remark'])
    .where('id', '=', chat.visitorId)
    .executeTakeFirst();
  if (!lead) return undefined;
  const [touch, notes] = await Promise.all([
    chat.attributionId
      ? db
          .selectFrom('attributions')
          .select(TOUCH_COLUMNS)
          .where('id', '=', chat.attributionId)
          .executeTakeFirst()
      : undefined,
    firstRows(
      db,
      db
        .selectFrom('lead_notes')
        .innerJoin('users', 'users.id', 'lead_notes.author_id')
        .select(['lead_notes.id', 'users.display_name', 'lead_notes.body', 'lead_notes.created_at'])
        .where('lead_notes.lead_id', '=', lead.id)
        .orderBy('lead_notes.created_at', 'desc')
        .orderBy('lead_notes.id', 'desc'),
      SIDE_NOTES,
    ).execute(),
  ]);
  return {
    leadId: lead.id,
    followUpOn: lead.follow_up_on,
    finalRemark: lead.final_remark,
    touch: touch ? toLeadTouch(touch) : null,
    notes: notes.map((n) => ({
      id: n.id,
      authorName: n.display_name,
      body: n.body,
      createdAt: n.created_at,
    })),
  };
}

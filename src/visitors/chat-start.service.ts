import type { Deps } from '../deps.ts';
import { topics } from '../realtime/topics.ts';
import { routeConversation } from '../routing/routing.service.ts';
import { toIso } from '../shared/clock.ts';
import { randomToken } from '../shared/ids.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { Touch } from './attribution.ts';
import type { Contact } from './contact-rules.ts';
import { isPlausibleVisitorToken, visitorTokenHash } from './visitor-token.ts';
import {
  findLatestVisitorConversation,
  findVisitorByTokenHash,
  insertAttribution,
  insertVisitor,
  insertVisitorConversation,
  updateVisitorContact,
  type VisitorRow,
} from './visitors.queries.ts';

export interface StartedChat {
  visitorId: string;
  conversationId: string;
  /** The visitor's secret: new for a new visitor, the same one for a returning visitor. */
  token: string;
  isNewVisitor: boolean;
}

export interface StartChatInput {
  projectId: string;
  contact: Contact;
  touch: Touch;
  /** The token the browser already holds for this project, if any. */
  token: string | undefined;
  /** The page says this browser was here before (a local marker), even without a token. */
  returningHint: boolean;
}

/**
 * Chat start (VIS-3, VIS-10, CRM-1): visitor, touch and conversation (with the lead data on it)
 * are written in one transaction, so a lead is either fully there or not at all. A returning
 * visitor keeps their first touch; the new conversation points at this touch, so a new campaign
 * is credited for the chat it brought. Then the chat goes to routing, which assigns or queues it.
 */
export async function startChat(deps: Deps, input: StartChatInput): Promise<StartedChat> {
  const now = toIso(deps.clock.now());
  const known = await findKnownVisitor(deps, input.projectId, input.token);
  const token = known && input.token ? input.token : randomToken();
  const visitorId = known?.id ?? deps.ids.next();
  const attributionId = deps.ids.next();
  const conversationId = deps.ids.next();

  await deps.db.transaction().execute(async (trx) => {
    if (known) {
      await updateVisitorContact(trx, visitorId, input.contact, now);
    } else {
      await insertVisitor(trx, {
        id: visitorId,
        project_id: input.projectId,
        token_hash: visitorTokenHash(token),
        name: input.contact.name,
        phone: input.contact.phone,
        email: input.contact.email,
        first_ip: input.touch.ip,
        first_attribution_id: attributionId,
        created_at: now,
        last_seen_at: now,
      });
    }
    await insertAttribution(trx, {
      id: attributionId,
      visitorId,
      touch: input.touch,
      isReturning: known !== undefined || input.returningHint,
      now,
    });
    await insertVisitorConversation(trx, {
      id: conversationId,
      project_id: input.projectId,
      visitor_id: visitorId,
      attribution_id: attributionId,
      status: 'unassigned',
      visitor_name: input.contact.name,
      visitor_phone: input.contact.phone,
      visitor_email: input.contact.email,
      last_message_at: now,
      queued_at: now,
      created_at: now,
      updated_at: now,
    });
  });

  deps.publisher.publish(topics.staff(), {
    type: 'conversation.created',
    conversationId,
    projectId: input.projectId,
  });
  await routeConversation(deps, conversationId);
  return { visitorId, conversationId, token, isNewVisitor: !known };
}

/**
 * After a chat was closed, the visitor's next message starts a fresh one (VIS-8) carrying the
 * lead data they gave before, so they never see the form again.
 */
export async function startFollowUpChat(
  deps: Deps,
  input: Omit<StartChatInput, 'contact' | 'returningHint'>,
): Promise<Result<StartedChat, 'visitor.unknown' | 'chat.still_open'>> {
  const visitor = await findKnownVisitor(deps, input.projectId, input.token);
  if (!visitor?.name || !visitor.phone) return fail('visitor.unknown');
  const latest = await findLatestVisitorConversation(deps.db, visitor.id);
  if (latest && latest.status !== 'closed') return fail('chat.still_open');
  const contact: Contact = { name: visitor.name, phone: visitor.phone, email: visitor.email };
  return ok(await startChat(deps, { ...input, contact, returningHint: true }));
}

export async function findKnownVisitor(
  deps: Deps,
  projectId: string,
  token: string | undefined,
): Promise<VisitorRow | undefined> {
  if (!isPlausibleVisitorToken(token)) return undefined;
  return findVisitorByTokenHash(deps.db, projectId, visitorTokenHash(token));
}

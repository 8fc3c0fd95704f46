import { publishCreated } from '../conversations/conversation-events.service.ts';
import { insertConversation } from '../conversations/conversations.queries.ts';
import { writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { saveChatLead } from '../leads/chat-leads.queries.ts';
import { reopenAsFreshChat } from '../routing/lifecycle.service.ts';
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
  updateVisitorContact,
  type VisitorRow,
} from './visitors.queries.ts';

export interface StartedChat {
  visitorId: string;
  conversationId: string;
  /** The visitor's secret: new for a new visitor, the same one for a returning visitor. */
  token: string;
  isNewVisitor: boolean;
  /** 'active' when routing found an agent at once, else 'unassigned' (queued). */
  status: 'active' | 'unassigned';
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

  await writeTransaction(deps.db, async (trx) => {
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
    await insertConversation(trx, {
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
    await saveChatLead(trx, {
      visitorId,
      projectId: input.projectId,
      contact: input.contact,
      attributionId: known?.first_attribution_id ?? attributionId,
      now,
    });
  });

  publishCreated(deps, { conversationId, projectId: input.projectId });
  const routed = await routeConversation(deps, conversationId);
  return {
    visitorId,
    conversationId,
    token,
    isNewVisitor: !known,
    status: routed.ok ? 'active' : 'unassigned',
  };
}

/**
 * After a chat was closed, the visitor's next message starts a fresh one (VIS-8): the lifecycle
 * service carries the lead data over (contact, stage, follow-up, touch) and routes it.
 */
export async function startFollowUpChat(
  deps: Deps,
  input: { projectId: string; token: string | undefined },
): Promise<Result<{ conversationId: string }, 'visitor.unknown' | 'chat.still_open'>> {
  const visitor = await findKnownVisitor(deps, input.projectId, input.token);
  const latest = visitor ? await findLatestVisitorConversation(deps.db, visitor.id) : undefined;
  if (!latest) return fail('visitor.unknown');
  if (latest.status !== 'closed') return fail('chat.still_open');
  const reopened = await reopenAsFreshChat(deps, latest.id);
  if (!reopened.ok) return fail(reopened.code === 'not_found' ? 'visitor.unknown' : 'chat.still_open');
  return ok({ conversationId: reopened.value.conversationId });
}

export async function findKnownVisitor(
  deps: Deps,
  projectId: string,
  token: string | undefined,
): Promise<VisitorRow | undefined> {
  if (!isPlausibleVisitorToken(token)) return undefined;
  return findVisitorByTokenHash(deps.db, projectId, visitorTokenHash(token));
}

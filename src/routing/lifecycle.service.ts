import { scopeOf } from '../auth/policy.ts';
import { findUserById } from '../auth/users.queries.ts';
import type { Conversation, ConversationStatus, Transition } from '../conversations/conversation.ts';
import {
  publishAssigned,
  publishClosed,
  publishCreated,
  publishStatusChanged,
} from '../conversations/conversation-events.service.ts';
import {
  findConversationById,
  findOpenConversationOfVisitor,
  insertConversation,
  listReleasableConversationIds,
  releaseAgentConversations,
  updateConversationIf,
} from '../conversations/conversations.queries.ts';
import { flag, writeTransaction } from '../db/dialect.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { canParkOffline } from './eligibility.ts';
import { agentSnapshots, drainQueue, type RoutingDeps, routeConversation } from './routing.service.ts';

type Moved = { status: ConversationStatus; assigneeId: string | null };

/** Runs one compare-and-set transition; false when the chat moved under us. */
async function move(
  deps: RoutingDeps,
  conversation: Conversation,
  transition: Transition,
  set: Parameters<typeof updateConversationIf>[1]['set'],
): Promise<boolean> {
  return writeTransaction(deps.db, (trx) =>
    updateConversationIf(trx, {
      id: conversation.id,
      transition,
      from: conversation.status,
      assigneeId: conversation.assigneeId,
      set: { ...set, updated_at: toIso(deps.clock.now()) },
    }),
  );
}

/**
 * ROUTE-11: whoever `chats.close` allows closes (auth/policy.ts: agents their own chats, admin and
 * manager any); the visitor is told and the slot frees.
 */
export async function closeConversation(
  deps: RoutingDeps,
  input: { conversationId: string; actorId: string; withoutSurvey?: boolean },
): Promise<Result<{ conversationId: string }, 'not_found' | 'closed' | 'not_owner'>> {
  const actor = await findUserById(deps.db, input.actorId);
  // BEYOND-5: "close without survey" is written with the close, so the visitor is never asked.
  const survey = { csat_skipped: flag(input.withoutSurvey === true) };
  for (let attempt = 0; attempt < 3; attempt++) {
    const conversation = await findConversationById(deps.db, input.conversationId);
    if (!conversation) return fail('not_found');
    if (conversation.status === 'closed') return fail('closed');
    const scope = actor?.isActive ? scopeOf(actor.role, 'chats.close') : undefined;
    const mayClose = scope === 'all' || (scope === 'own' && conversation.assigneeId === actor?.id);
    if (!mayClose) return fail('not_owner');
    const now = toIso(deps.clock.now());
    if (!(await move(deps, conversation, 'close', { closed_at: now, closed_by: input.actorId, ...survey })))
      continue;
    publishClosed(deps, {
      conversationId: conversation.id,
      closedBy: input.actorId,
      assigneeId: conversation.assigneeId,
    });
    if (conversation.assigneeId) await drainQueue(deps, { freedAgentId: conversation.assigneeId });
    return ok({ conversationId: conversation.id });
  }
  return fail('closed');
}

/**
 * ROUTE-6: the visitor has had no socket for the grace period. The chat goes offline and stays
 * with its agent, unless the agent is offline or already parks as many offline chats as allowed:
 * then it goes back to the queue (unheld) until the visitor returns.
 */
export async function markVisitorGone(
  deps: RoutingDeps,
  conversationId: string,
): Promise<Result<Moved, 'not_found' | 'closed' | 'unchanged'>> {
  const conversation = await findConversationById(deps.db, conversationId);
  if (!conversation) return fail('not_found');
  if (conversation.status === 'closed') return fail('closed');
  if (conversation.status === 'offline') return fail('unchanged');
  const holder = conversation.assigneeId;
  const [agent] = holder ? await agentSnapshots(deps, [holder], deps.clock.now()) : [];
  const keep = conversation.status === 'active' && agent !== undefined && canParkOffline(agent);
  const leftAt = toIso(deps.clock.now());
  const moved = keep
    ? await move(deps, conversation, 'visitor_gone_keep', { visitor_left_at: leftAt })
    : await move(deps, conversation, 'visitor_gone_release', { visitor_left_at: leftAt, assignee_id: null });
  if (!moved) return fail('unchanged');
  const assigneeId = keep ? holder : null;
  publishStatusChanged(deps, { conversationId, status: 'offline', assigneeId: holder });
  if (holder && !keep)
    publishAssigned(deps, {
      conversationId,
      assigneeId: null,
      previousAssigneeId: holder,
      status: 'offline',
    });
  // The chat no longer counts as active for its agent: their slot can take a waiting chat.
  if (holder) await drainQueue(deps, { freedAgentId: holder });
  return ok({ status: 'offline', assigneeId });
}

/**
 * The visitor is back (their next message or socket): a parked chat is active again with its agent;
 * a released one re-enters the queue and is routed at once.
 */
export async function markVisitorBack(
  deps: RoutingDeps,
  conversationId: string,
): Promise<Result<Moved, 'not_found' | 'closed'>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const conversation = await findConversationById(deps.db, conversationId);
    if (!conversation) return fail('not_found');
    if (conversation.status === 'closed') return fail('closed');
    if (conversation.status !== 'offline') {
      return ok({ status: conversation.status, assigneeId: conversation.assigneeId });
    }
    const now = toIso(deps.clock.now());
    if (conversation.assigneeId) {
      if (!(await move(deps, conversation, 'visitor_back_resume', { visitor_left_at: null }))) continue;
      publishStatusChanged(deps, { conversationId, status: 'active', assigneeId: conversation.assigneeId });
      return ok({ status: 'active', assigneeId: conversation.assigneeId });
    }
    if (
      !(await move(deps, conversation, 'visitor_back_requeue', { visitor_left_at: null, queued_at: now }))
    ) {
      continue;
    }
    publishStatusChanged(deps, { conversationId, status: 'unassigned', assigneeId: null });
    const routed = await routeConversation(deps, conversationId);
    return ok(
      routed.ok
        ? { status: 'active', assigneeId: routed.value.assigneeId }
        : { status: 'unassigned', assigneeId: null },
    );
  }
  return fail('closed');
}

/**
 * ROUTE-7 / ROUTE-9: the agent is gone (all sockets closed past the grace) or idle. They keep up to
 * their offline limit of chats; the rest are released by ONE set-based UPDATE, then re-routed.
 */
export async function releaseAgentChats(deps: RoutingDeps, userId: string): Promise<{ released: number }> {
  const agent = await findUserById(deps.db, userId);
  if (!agent) return { released: 0 };
  const keep = agent.offlineLimit;
  const candidates = await listReleasableConversationIds(deps.db, userId, keep);
  if (candidates.length === 0) return { released: 0 };
  const released = await writeTransaction(deps.db, (trx) =>
    releaseAgentConversations(trx, { userId, keep, now: toIso(deps.clock.now()) }),
  );
  for (const conversationId of candidates) {
    const current = await findConversationById(deps.db, conversationId);
    if (current && current.assigneeId === null) {
      publishAssigned(deps, {
        conversationId,
        assigneeId: null,
        previousAssigneeId: userId,
        status: current.status,
      });
    }
  }
  deps.log.info('routing.agent_chats_released', { userId, released });
  await drainQueue(deps, { freedAgentId: userId });
  return { released };
}

/**
 * VIS-8: a message to a closed chat starts a fresh one for the same visitor, carrying the lead data
 * (contact details, stage, follow-up, remark, attribution). An open chat of the visitor is reused.
 */
export async function reopenAsFreshChat(
  deps: RoutingDeps,
  closedConversationId: string,
): Promise<Result<{ conversationId: string; assigneeId: string | null }, 'not_found' | 'not_closed'>> {
  const closed = await findConversationById(deps.db, closedConversationId);
  if (!closed) return fail('not_found');
  if (closed.status !== 'closed') return fail('not_closed');
  const open = await findOpenConversationOfVisitor(deps.db, closed.visitorId, closed.projectId);
  if (open) return ok({ conversationId: open.id, assigneeId: open.assigneeId });

  const now = toIso(deps.clock.now());
  const id = deps.ids.next();
  await writeTransaction(deps.db, (trx) =>
    insertConversation(trx, {
      id,
      project_id: closed.projectId,
      visitor_id: closed.visitorId,
      attribution_id: closed.attributionId,
      status: 'unassigned',
      visitor_name: closed.visitorName,
      visitor_phone: closed.visitorPhone,
      visitor_email: closed.visitorEmail,
      lead_stage: closed.leadStage,
      follow_up_on: closed.followUpOn,
      final_remark: closed.finalRemark,
      last_message_at: now,
      queued_at: now,
      created_at: now,
      updated_at: now,
    }),
  );
  publishCreated(deps, { conversationId: id, projectId: closed.projectId });
  const routed = await routeConversation(deps, id);
  return ok({ conversationId: id, assigneeId: routed.ok ? routed.value.assigneeId : null });
}

import { type Conversation, nextStatus } from '../conversations/conversation.ts';
import { publishAssigned } from '../conversations/conversation-events.service.ts';
import { findConversationById } from '../conversations/conversations.queries.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { type Ineligibility, type StaffAssignment, whyIneligible } from './eligibility.ts';
import { agentSnapshots, claimForAgent, drainQueue, type RoutingDeps } from './routing.service.ts';

export type HandOverError = Ineligibility | 'not_owner' | 'closed' | 'not_found' | 'same_agent';

/**
 * ROUTE-8: an agent hands their own chat to an online, eligible, below-limit agent. Everything is
 * validated here, server-side; the move itself is the same compare-and-set routing uses.
 */
export async function transferConversation(
  deps: RoutingDeps,
  input: { conversationId: string; fromUserId: string; toUserId: string },
): Promise<Result<{ assigneeId: string }, HandOverError>> {
  const conversation = await findConversationById(deps.db, input.conversationId);
  if (!conversation) return fail('not_found');
  if (conversation.status === 'closed') return fail('closed');
  if (conversation.assigneeId !== input.fromUserId) return fail('not_owner');
  if (input.toUserId === input.fromUserId) return fail('same_agent');
  return handOver(deps, conversation, input.toUserId);
}

export type StaffAssignError =
  | 'target_no_live_chat'
  | 'target_at_limit'
  | 'closed'
  | 'not_found'
  | 'same_agent'
  | 'not_owner';

/**
 * ROUTE-8: an admin or manager gives any open chat (queued or held) to any live-chat agent, also
 * one who is offline or on a break (the chat waits in their console; routing offers it to nobody
 * else), and one at their limit when `overLimit` says so explicitly. The move is the same
 * compare-and-set routing uses.
 */
export async function assignByStaff(
  deps: RoutingDeps,
  input: { conversationId: string; toUserId: string; actorId: string; overLimit?: boolean },
): Promise<Result<StaffAssignment, StaffAssignError>> {
  const conversation = await findConversationById(deps.db, input.conversationId);
  if (!conversation) return fail('not_found');
  if (conversation.status === 'closed') return fail('closed');
  if (conversation.assigneeId === input.toUserId) return fail('same_agent');
  const [target] = await agentSnapshots(deps, [input.toUserId], deps.clock.now());
  if (!target || whyIneligible(target) === 'target_no_live_chat') return fail('target_no_live_chat');
  const to = nextStatus('reassign', conversation);
  if (to !== 'active' && to !== 'offline') return fail('closed');
  const held = to === 'active' ? target.activeCount : target.offlineCount;
  const limit = to === 'active' ? target.activeLimit : target.offlineLimit;
  const overLimit = held >= limit;
  if (overLimit && !input.overLimit) return fail('target_at_limit');

  const outcome = await claimForAgent(deps, {
    conversation,
    agentId: target.id,
    to,
    movePointer: false,
    byStaff: { overLimit: input.overLimit === true },
  });
  if (outcome === 'agent_unavailable')
    return fail(input.overLimit ? 'target_no_live_chat' : 'target_at_limit');
  if (outcome === 'chat_changed') return fail(await changedOutcome(deps, conversation.id));
  await announceHandOver(deps, conversation, target.id, to);
  deps.log.info('routing.assigned_by_staff', { conversationId: conversation.id, actorId: input.actorId });
  const waitsFor = !target.online ? 'offline' : target.onBreak ? 'on_break' : null;
  return ok({ assigneeId: target.id, status: to, waitsFor, overLimit });
}

async function changedOutcome(deps: RoutingDeps, conversationId: string): Promise<'closed' | 'not_owner'> {
  const current = await findConversationById(deps.db, conversationId);
  return current?.status === 'closed' ? 'closed' : 'not_owner';
}

/** The new holder is told live; the previous holder's freed slot takes a waiting chat. */
async function announceHandOver(
  deps: RoutingDeps,
  conversation: Conversation,
  toUserId: string,
  status: 'active' | 'offline',
) {
  const previousAssigneeId = conversation.assigneeId;
  publishAssigned(deps, {
    conversationId: conversation.id,
    assigneeId: toUserId,
    previousAssigneeId,
    status,
  });
  if (previousAssigneeId) await drainQueue(deps, { freedAgentId: previousAssigneeId });
}

async function targetProblem(deps: RoutingDeps, toUserId: string): Promise<Ineligibility | undefined> {
  const [target] = await agentSnapshots(deps, [toUserId], deps.clock.now());
  return target ? whyIneligible(target) : 'target_no_live_chat';
}

async function handOver(
  deps: RoutingDeps,
  conversation: Conversation,
  toUserId: string,
): Promise<Result<{ assigneeId: string }, HandOverError>> {
  const problem = await targetProblem(deps, toUserId);
  if (problem) return fail(problem);
  const to = nextStatus('reassign', conversation);
  if (to !== 'active' && to !== 'offline') return fail('closed');

  const outcome = await claimForAgent(deps, { conversation, agentId: toUserId, to, movePointer: false });
  if (outcome === 'agent_unavailable')
    return fail((await targetProblem(deps, toUserId)) ?? 'target_at_limit');
  if (outcome === 'chat_changed') return fail(await changedOutcome(deps, conversation.id));
  await announceHandOver(deps, conversation, toUserId, to);
  return ok({ assigneeId: toUserId });
}

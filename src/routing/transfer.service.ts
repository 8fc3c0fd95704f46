import { type Conversation, nextStatus } from '../conversations/conversation.ts';
import { publishAssigned } from '../conversations/conversation-events.service.ts';
import { findConversationById } from '../conversations/conversations.queries.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { type Ineligibility, whyIneligible } from './eligibility.ts';
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

/** ROUTE-8: admin/manager give any open chat (queued or held) to an eligible agent. */
export async function assignByStaff(
  deps: RoutingDeps,
  input: { conversationId: string; toUserId: string; actorId: string },
): Promise<Result<{ assigneeId: string }, HandOverError>> {
  const conversation = await findConversationById(deps.db, input.conversationId);
  if (!conversation) return fail('not_found');
  if (conversation.status === 'closed') return fail('closed');
  if (conversation.assigneeId === input.toUserId) return fail('same_agent');
  const result = await handOver(deps, conversation, input.toUserId);
  if (result.ok) {
    deps.log.info('routing.assigned_by_staff', { conversationId: conversation.id, actorId: input.actorId });
  }
  return result;
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
  if (outcome === 'chat_changed') {
    const current = await findConversationById(deps.db, conversation.id);
    return fail(current?.status === 'closed' ? 'closed' : 'not_owner');
  }

  const previousAssigneeId = conversation.assigneeId;
  publishAssigned(deps, {
    conversationId: conversation.id,
    assigneeId: toUserId,
    previousAssigneeId,
    status: to,
  });
  // The previous holder has a free slot now.
  if (previousAssigneeId) await drainQueue(deps, { freedAgentId: previousAssigneeId });
  return ok({ assigneeId: toUserId });
}

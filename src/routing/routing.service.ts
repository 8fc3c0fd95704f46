import type { Conversation } from '../conversations/conversation.ts';
import { publishAssigned } from '../conversations/conversation-events.service.ts';
import { findConversationById } from '../conversations/conversations.queries.ts';
import { writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { assignChatLead } from '../leads/chat-leads.queries.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { AgentSnapshot } from './eligibility.ts';
import { orderAgents } from './round-robin.ts';
import {
  claimConversationForAgent,
  findRoundRobinPointer,
  findRoutingSettingsValue,
  listAgentSnapshots,
  listPhoneHolderIds,
  listQueuedConversationIds,
  lockAgentForAssignment,
  markConversationQueued,
  saveRoundRobinPointer,
  saveRoutingSettingsValue,
} from './routing.queries.ts';
import { parseRoutingSettings, type RoutingSettings, routingSettingsSchema } from './routing-settings.ts';

export type RoutingDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'publisher' | 'presence' | 'aiAgent'>;

export async function loadRoutingSettings(deps: Pick<Deps, 'db'>): Promise<RoutingSettings> {
  return parseRoutingSettings(await findRoutingSettingsValue(deps.db));
}

export async function saveRoutingSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  settings: RoutingSettings,
  actorId: string | null,
): Promise<RoutingSettings> {
  const value = routingSettingsSchema.parse(settings);
  await saveRoutingSettingsValue(deps.db, JSON.stringify(value), toIso(deps.clock.now()), actorId);
  return value;
}

/** Snapshots of the given staff; online = an open socket (presence) and a live session. */
export async function agentSnapshots(
  deps: Pick<Deps, 'db' | 'presence'>,
  userIds: readonly string[],
  now: Date,
): Promise<AgentSnapshot[]> {
  const online = new Set(await deps.presence.onlineStaff());
  const rows = await listAgentSnapshots(deps.db, userIds, toIso(now));
  return rows.map(({ hasLiveSession, ...agent }) => ({
    ...agent,
    online: hasLiveSession && online.has(agent.id),
  }));
}

export type ClaimOutcome = 'claimed' | 'agent_unavailable' | 'chat_changed';

class Rollback extends Error {}

/**
 * Gives one chat to one agent as a compare-and-set in a transaction (ROUTE-3): the agent's row is
 * locked first, then the chat moves only if it is still as read and the agent is below the limit.
 * Any refusal rolls the whole transaction back (no stamp, no pointer move). `byStaff` is an admin
 * or manager assigning by hand (ROUTE-8): a break does not stop it, and `overLimit` lifts the limit.
 */
export async function claimForAgent(
  deps: RoutingDeps,
  claim: {
    conversation: Conversation;
    agentId: string;
    to: 'active' | 'offline';
    movePointer: boolean;
    byStaff?: { overLimit: boolean };
  },
): Promise<ClaimOutcome> {
  const now = toIso(deps.clock.now());
  const { conversation, agentId, byStaff } = claim;
  try {
    await writeTransaction(deps.db, async (trx) => {
      const locked = await lockAgentForAssignment(trx, agentId, now, { allowBreak: byStaff !== undefined });
      if (!locked) throw new Rollback();
      const claimed = await claimConversationForAgent(trx, {
        id: conversation.id,
        agentId,
        from: conversation.status,
        fromAssigneeId: conversation.assigneeId,
        to: claim.to,
        now,
        overLimit: byStaff?.overLimit ?? false,
      });
      if (!claimed) throw new Rollback();
      await assignChatLead(trx, conversation.visitorId, agentId, now);
      if (claim.movePointer) await saveRoundRobinPointer(trx, agentId, now);
    });
    return 'claimed';
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    const current = await findConversationById(deps.db, conversation.id);
    const unchanged =
      current?.status === conversation.status && current.assigneeId === conversation.assigneeId;
    return unchanged ? 'agent_unavailable' : 'chat_changed';
  }
}

export type RouteError = 'queued' | 'not_found' | 'closed';

type Routed = Result<{ assigneeId: string }, RouteError>;

/**
 * Assigns a waiting chat to the best eligible agent (ROUTE-2), or leaves it queued. Called on chat
 * start, by the queue drain and when a visitor comes back to a released chat. Idempotent: a chat
 * that is already held answers with its holder. The AI fallback agent (AI-2) is offered the chat
 * through `deps.aiAgent`: first, when the admin lets it answer before humans; else only when no
 * eligible human took it.
 */
export async function routeConversation(deps: RoutingDeps, conversationId: string): Promise<Routed> {
  const conversation = await findConversationById(deps.db, conversationId);
  if (!conversation) return fail('not_found');
  if (conversation.status === 'closed') return fail('closed');
  if (conversation.assigneeId) return ok({ assigneeId: conversation.assigneeId });
  // A chat whose visitor is gone waits for the visitor, not for an agent (ROUTE-6).
  if (conversation.status !== 'unassigned') return fail('queued');

  const aiFirst = await deps.aiAgent.offer(conversationId, 'before_humans');
  if (aiFirst) return ok(aiFirst);
  const placed = await placeWithHuman(deps, conversation);
  if (placed) return placed;
  const aiFallback = await deps.aiAgent.offer(conversationId, 'no_human');
  if (aiFallback) return ok(aiFallback);
  await writeTransaction(deps.db, (trx) =>
    markConversationQueued(trx, conversationId, toIso(deps.clock.now())),
  );
  return fail('queued');
}

/**
 * The best eligible human takes the chat (ROUTE-2, ROUTE-3): a waiting one, or one the AI holds
 * (AI-2 handover, one compare-and-set from the AI to the agent, so the visitor's chat never
 * re-enters the queue on the way). Undefined when no eligible human could take it.
 */
export async function placeWithHuman(
  deps: RoutingDeps,
  conversation: Conversation,
): Promise<Routed | undefined> {
  const now = deps.clock.now();
  const settings = await loadRoutingSettings(deps);
  const agents = await agentSnapshots(deps, await deps.presence.onlineStaff(), now);
  const order = orderAgents({
    agents,
    mode: settings.mode,
    pointer: settings.mode === 'round_robin' ? await findRoundRobinPointer(deps.db) : null,
    phoneHolderIds: conversation.visitorPhone
      ? await listPhoneHolderIds(deps.db, conversation.visitorPhone, conversation.id)
      : [],
  });
  for (const agentId of order) {
    const outcome = await claimForAgent(deps, {
      conversation,
      agentId,
      to: 'active',
      movePointer: settings.mode === 'round_robin',
    });
    if (outcome === 'claimed') {
      publishAssigned(deps, {
        conversationId: conversation.id,
        assigneeId: agentId,
        previousAssigneeId: conversation.assigneeId,
        status: 'active',
      });
      deps.log.info('routing.assigned', { conversationId: conversation.id, assigneeId: agentId });
      return ok({ assigneeId: agentId });
    }
    if (outcome === 'chat_changed') return settledOutcome(deps, conversation.id);
  }
  return undefined;
}

/** Someone else moved the chat while we tried: report where it is now. */
async function settledOutcome(deps: RoutingDeps, conversationId: string): Promise<Routed> {
  const current = await findConversationById(deps.db, conversationId);
  if (!current) return fail('not_found');
  if (current.status === 'closed') return fail('closed');
  return current.assigneeId ? ok({ assigneeId: current.assigneeId }) : fail('queued');
}

/** A drain never loops forever, whatever happens to the rows under it. */
const MAX_DRAIN_BATCHES = 1000;

const DRAIN_BATCH = 50;

/**
 * Assigns waiting chats oldest first (ROUTE-4, BEYOND-1) until the oldest one cannot be placed:
 * every later chat would meet the same agents, so the order stays fair. Called by the queue
 * sweeper, and whenever an agent may take more chats (`freedAgentId`: they came online, left their
 * break, closed or handed on a chat, got a higher limit); the chats go to them or anyone eligible.
 */
export async function drainQueue(
  deps: RoutingDeps,
  options: { freedAgentId?: string } = {},
): Promise<{ assigned: number }> {
  // Waiting chats first (oldest first), then chats the AI holds, at a turn boundary (AI-2).
  const assigned = (await drainBatches(deps)) + (await deps.aiAgent.handOverIdleChats());
  if (options.freedAgentId && assigned > 0) {
    deps.log.info('routing.queue_drained', { userId: options.freedAgentId, assigned });
  }
  return { assigned };
}

async function drainBatches(deps: RoutingDeps): Promise<number> {
  let assigned = 0;
  for (let batch = 0; batch < MAX_DRAIN_BATCHES; batch++) {
    const ids = await listQueuedConversationIds(deps.db, DRAIN_BATCH);
    if (ids.length === 0) return assigned;
    for (const id of ids) {
      const result = await routeConversation(deps, id);
      if (result.ok) assigned++;
      else if (result.code === 'queued') return assigned;
    }
  }
  return assigned;
}

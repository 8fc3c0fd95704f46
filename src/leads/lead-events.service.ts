import type { Deps } from '../deps.ts';
import type { LeadChange } from '../events/events.ts';
import {
  findLeadEventFacts,
  type LeadEventFacts,
  listAgentGrants,
  listCrmAgentIds,
} from './lead-events.queries.ts';

/**
 * The agents a lead change is told to besides the overseers (admins, managers, QA: every lead),
 * each of whom may read the lead (ADMIN-7): the agent holding its chat (the lead panel and stage
 * sit in their chat pane), its owner and the previous owner of a reassignment with CRM Leads on
 * (their inbox, board and lead page; ADR 0045 on the previous owner), and while the lead is
 * unassigned (or was, before this change gave it an owner) every agent with CRM Leads on: their
 * inboxes list unassigned leads for them to pick (ADR 0016). Never anyone else.
 */
export function leadAgentsOf(
  facts: Pick<LeadEventFacts, 'ownerId' | 'chatHolderId'>,
  previousOwnerId: string | null,
  agents: ReadonlyArray<{ id: string; crmEnabled: boolean }>,
  openToPick = false,
): string[] {
  const named = new Set<string>();
  for (const agent of agents) {
    if (agent.id === facts.chatHolderId) named.add(agent.id);
    const reads = openToPick || agent.id === facts.ownerId || agent.id === previousOwnerId;
    if (agent.crmEnabled && reads) named.add(agent.id);
  }
  return [...named];
}

/** Unassigned now, or unassigned until this change gave it its owner. */
const openToPick = (ownerId: string | null, change: LeadChange, previousOwnerId: string | null) =>
  ownerId === null || (change === 'owner' && previousOwnerId === null);

/**
 * Announces a committed lead change (CRM-2 "published live to the consoles that show the lead"),
 * called by the one service each change goes through, after its write. It reads the lead as it
 * now is, so concurrent changes all end in the same state on every console. A failed read is
 * logged and swallowed: the change is stored, and the consoles catch up on their next load.
 */
export async function publishLeadChanged(
  deps: Pick<Deps, 'db' | 'publisher' | 'log'>,
  of: { leadId: string } | { conversationId: string },
  change: LeadChange,
  previousOwnerId: string | null = null,
): Promise<void> {
  try {
    const facts = await findLeadEventFacts(deps.db, of);
    if (!facts) return;
    const pickable = openToPick(facts.ownerId, change, previousOwnerId);
    const candidates = [facts.chatHolderId, facts.ownerId, previousOwnerId].filter(
      (id): id is string => id !== null,
    );
    const agents = await listAgentGrants(deps.db, [...new Set(candidates)]);
    // Every CRM agent is already an active agent with CRM Leads: no second look-up of their grants.
    if (pickable) {
      for (const id of await listCrmAgentIds(deps.db)) agents.push({ id, crmEnabled: true });
    }
    deps.publisher.publish({
      type: 'lead.changed',
      leadId: facts.leadId,
      projectId: facts.projectId,
      chatId: facts.chatId,
      ownerId: facts.ownerId,
      stage: facts.stage,
      change,
      agentIds: leadAgentsOf(facts, previousOwnerId, agents, pickable),
    });
  } catch (error) {
    deps.log.error('leads.publish_failed', { ...of, change, error });
  }
}

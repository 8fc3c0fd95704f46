import { type AgentSnapshot, isEligible } from './eligibility.ts';

/**
 * Which agent gets the next chat (ROUTE-2, BEYOND-1), as pure functions of a snapshot.
 * - round_robin: agents in a fixed order (by id); the next one after the persisted pointer
 *   (the last agent assigned), wrapping around. The pointer lives in routing_state, so the
 *   rotation continues where it stopped after a restart.
 * - balanced: fewest active chats, then longest since the last assignment (never first), then id.
 * Duplicate-by-phone: an agent already holding an open chat with the visitor's phone gets it back
 * when eligible; otherwise they are skipped (never handed a second copy).
 */
export type RoutingMode = 'round_robin' | 'balanced';

export interface PickInput {
  agents: AgentSnapshot[];
  mode: RoutingMode;
  /** Id of the agent assigned last (round robin), or null before the first assignment. */
  pointer: string | null;
  /** Agents holding another open chat with the same visitor phone number. */
  phoneHolderIds?: readonly string[];
}

const byId = (a: AgentSnapshot, b: AgentSnapshot) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function roundRobinOrder(agents: AgentSnapshot[], pointer: string | null): AgentSnapshot[] {
  const sorted = [...agents].sort(byId);
  const start = pointer === null ? 0 : sorted.findIndex((agent) => agent.id > pointer);
  const at = start === -1 ? 0 : start;
  return [...sorted.slice(at), ...sorted.slice(0, at)];
}

function balancedOrder(agents: AgentSnapshot[]): AgentSnapshot[] {
  return [...agents].sort((a, b) => {
    if (a.activeCount !== b.activeCount) return a.activeCount - b.activeCount;
    if (a.lastAssignedAt !== b.lastAssignedAt) {
      if (a.lastAssignedAt === null) return -1;
      if (b.lastAssignedAt === null) return 1;
      return a.lastAssignedAt < b.lastAssignedAt ? -1 : 1;
    }
    return byId(a, b);
  });
}

/**
 * Every eligible agent, best first. The service tries them in turn: the database compare-and-set
 * may refuse the first (another instance filled their last slot) and the next one is still fair.
 */
export function orderAgents({ agents, mode, pointer, phoneHolderIds = [] }: PickInput): string[] {
  const eligible = agents.filter(isEligible);
  const holders = eligible.filter((agent) => phoneHolderIds.includes(agent.id));
  if (holders.length > 0) return holders.sort(byId).map((agent) => agent.id);
  const others = eligible.filter((agent) => !phoneHolderIds.includes(agent.id));
  const ordered = mode === 'balanced' ? balancedOrder(others) : roundRobinOrder(others, pointer);
  return ordered.map((agent) => agent.id);
}

export const pickAgent = (input: PickInput): string | undefined => orderAgents(input)[0];

/**
 * Who may receive a chat (ROUTE-2, ROUTE-8, ROUTE-10): pure rules over a snapshot of each agent.
 * The database re-checks the same conditions in the compare-and-set that assigns (routing.queries.ts),
 * so a stale snapshot can only make routing try another agent, never break a limit.
 */
export interface AgentSnapshot {
  id: string;
  role: string;
  isActive: boolean;
  liveChatEnabled: boolean;
  onBreak: boolean;
  /** A connection is open (presence) and a session is live (not logged out by the idle sweeper). */
  online: boolean;
  activeCount: number;
  activeLimit: number;
  offlineCount: number;
  offlineLimit: number;
  lastAssignedAt: string | null;
}

/** The highest active or offline chat limit an agent may be given (ROUTE-5). */
export const MAX_CHAT_LIMIT = 100;

export type Ineligibility = 'target_no_live_chat' | 'target_offline' | 'target_on_break' | 'target_at_limit';

/** The first reason this agent cannot take a new active chat, or undefined when they can. */
export function whyIneligible(agent: AgentSnapshot): Ineligibility | undefined {
  if (agent.role !== 'agent' || !agent.isActive || !agent.liveChatEnabled) return 'target_no_live_chat';
  if (!agent.online) return 'target_offline';
  if (agent.onBreak) return 'target_on_break';
  if (agent.activeCount >= agent.activeLimit) return 'target_at_limit';
  return undefined;
}

export const isEligible = (agent: AgentSnapshot): boolean => whyIneligible(agent) === undefined;

/** The agent may keep one more visitor-gone chat parked with them (ROUTE-6). */
export const canParkOffline = (agent: AgentSnapshot): boolean =>
  agent.online && agent.offlineCount < agent.offlineLimit;

/** What an admin/manager assignment led to (ROUTE-8), for the note the chat modal shows. */
export interface StaffAssignment {
  assigneeId: string;
  status: 'active' | 'offline';
  /** The agent is not taking chats right now: the chat waits in their console until they are. */
  waitsFor: 'offline' | 'on_break' | null;
  /** The agent holds at least their limit counting this chat (only with the explicit override). */
  overLimit: boolean;
}

/** Where the visitor is: waiting in the queue, present, gone, or the chat is done. */
export const CONVERSATION_STATUSES = ['unassigned', 'active', 'offline', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/**
 * The conversation state machine (ROUTE-1): unassigned → active ⇄ offline → closed.
 * Status says where the visitor is (waiting in the queue, present, gone, done); the assignee says
 * who holds the chat. Every allowed move is one row of `transitions`, written once: services ask
 * `nextStatus`, and the compare-and-set UPDATEs in conversations.queries.ts take their `from`
 * statuses and assignee condition from the same row, so no other file restates a rule.
 */
export type Transition =
  /** Routing gives a queued chat to an agent. */
  | 'assign'
  /** A holder hands the chat on (transfer), or admin/manager assigns any open chat. */
  | 'reassign'
  /** No visitor socket for the grace period; the chat stays with its agent. */
  | 'visitor_gone_keep'
  /** No visitor socket, and the agent is offline or over the offline limit: back to the queue. */
  | 'visitor_gone_release'
  /** The visitor is back and the chat is still parked with an agent. */
  | 'visitor_back_resume'
  /** The visitor is back and nobody holds the chat: it waits in the queue again. */
  | 'visitor_back_requeue'
  /** The holding agent is gone or idle: present visitors go back to the queue, gone ones stay offline. */
  | 'release'
  | 'close';

/** Whether the move needs the chat to have an assignee ('held'), none ('free') or either ('any'). */
export type AssigneeRule = 'held' | 'free' | 'any';

export interface TransitionRule {
  /** From-status → to-status; a status missing here makes the move illegal from it. */
  moves: Partial<Record<ConversationStatus, ConversationStatus>>;
  assignee: AssigneeRule;
}

export const transitions = {
  assign: { moves: { unassigned: 'active' }, assignee: 'free' },
  reassign: { moves: { unassigned: 'active', active: 'active', offline: 'offline' }, assignee: 'any' },
  visitor_gone_keep: { moves: { active: 'offline' }, assignee: 'held' },
  visitor_gone_release: { moves: { active: 'offline', unassigned: 'offline' }, assignee: 'any' },
  visitor_back_resume: { moves: { offline: 'active' }, assignee: 'held' },
  visitor_back_requeue: { moves: { offline: 'unassigned' }, assignee: 'free' },
  release: { moves: { active: 'unassigned', offline: 'offline' }, assignee: 'held' },
  close: { moves: { unassigned: 'closed', active: 'closed', offline: 'closed' }, assignee: 'any' },
} as const satisfies Record<Transition, TransitionRule>;

/** Statuses in which a chat is still open (counts toward limits and duplicate-by-phone). */
export const OPEN_STATUSES = ['unassigned', 'active', 'offline'] as const satisfies ConversationStatus[];

export const isOpen = (status: ConversationStatus): boolean => status !== 'closed';

/** The status after `transition`, or undefined when the move is illegal for this chat. */
export function nextStatus(
  transition: Transition,
  current: { status: ConversationStatus; assigneeId: string | null },
): ConversationStatus | undefined {
  const rule: TransitionRule = transitions[transition];
  if (rule.assignee === 'held' && current.assigneeId === null) return undefined;
  if (rule.assignee === 'free' && current.assigneeId !== null) return undefined;
  return rule.moves[current.status];
}

/** The statuses a compare-and-set UPDATE for `transition` accepts. */
export function fromStatuses(transition: Transition): ConversationStatus[] {
  return Object.keys(transitions[transition].moves) as ConversationStatus[];
}

/** Staff inbox buckets (ROUTE-1, AGENT-1), always relative to the viewing agent. */
export const BUCKETS = ['active', 'offline', 'closed', 'unassigned', 'others'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface Conversation {
  id: string;
  projectId: string;
  visitorId: string;
  attributionId: string | null;
  status: ConversationStatus;
  assigneeId: string | null;
  visitorName: string | null;
  visitorPhone: string | null;
  visitorEmail: string | null;
  /** The AI fallback agent has held this chat at some point (column ai_active; "AI-handled"). */
  aiActive: boolean;
  /** The AI must never take this chat (again): it escalated, failed or hit a cost control. */
  aiNever: boolean;
  leadStage: string;
  followUpOn: string | null;
  finalRemark: string | null;
  lastSeq: number;
  lastMessageAt: string;
  lastMessagePreview: string | null;
  queuedAt: string | null;
  assignedAt: string | null;
  visitorLeftAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
  createdAt: string;
}

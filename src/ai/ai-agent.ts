import type { AiFailureReason, AiProviderName, AiSettings, ReplyRefusal } from './ai.ts';
import type { BreakerState } from './circuit-breaker.ts';

/**
 * The AI fallback agent as the rest of the product sees it (AI-2, AI-6; docs/decisions/0025).
 * The AI is one system user row (migration 202612032000): it holds the chats it answers
 * (`conversations.assignee_id = AI_AGENT_ID`), authors its messages (`sender_kind 'ai'`,
 * `sender_user_id = AI_AGENT_ID`) and its handover notes. So every list that joins the assignee's
 * or sender's name shows "AI" with no special case; code that must tell the AI apart asks
 * `isAiAgent`. It can never sign in (inactive, no password, role 'ai' outside the staff roles) and
 * is never eligible for human routing (eligibility.ts wants role 'agent').
 *
 * Predicates for reports and QA:
 * - held by the AI now (or when the chat closed): `conversations.assignee_id = AI_AGENT_ID`;
 * - AI-handled (the AI held it at least once): `conversations.ai_active = 1`
 *   (index conversations_ai_created_ix on (ai_active, created_at, id));
 * - the AI's own messages: `messages.sender_kind = 'ai'`.
 */
export const AI_AGENT_ID = '00000000000000000000000AI1';
export const AI_AGENT_NAME = 'AI';

export const isAiAgent = (userId: string | null | undefined): boolean => userId === AI_AGENT_ID;

/** For agent pickers that filter (chats table, reports, QA): the humans, then the AI as its own agent. */
export function withAiAgent<T extends { id: string; name: string }>(
  humans: readonly T[],
): Array<T | { id: string; name: string }> {
  return [...humans.filter((agent) => !isAiAgent(agent.id)), { id: AI_AGENT_ID, name: AI_AGENT_NAME }];
}

/** What the visitor reads when the model hands over without a line of its own. */
export const DEFAULT_HANDOVER_LINE =
  'I am bringing in a member of our team to help you further. They will reply right here in this chat.';

/** The staff note when the model handed over without a summary. */
export const EMPTY_SUMMARY_NOTE = 'The AI handed this chat over without a summary.';

/**
 * When routing asks: `before_humans` when it starts (the AI may answer first only when the admin
 * turned "only when no human is eligible" off), `no_human` when no eligible human took the chat.
 */
export type OfferPhase = 'before_humans' | 'no_human';

/**
 * Why a chat the AI held went to the human queue. The first group sets `ai_never` (the AI never
 * takes the chat again: no hand-off loop, no failing again on the same visitor); the second lets
 * routing give it back to the AI later when nobody else can take it.
 */
export type HandBackReason =
  | 'escalated'
  | 'failed'
  | 'reply_cap'
  | 'visitor_rate_limit'
  | 'human_joined'
  | 'ai_off'
  | 'outside_hours'
  | 'breaker_open'
  | 'reply_lost';

const FINAL: ReadonlySet<HandBackReason> = new Set([
  'escalated',
  'failed',
  'reply_cap',
  'visitor_rate_limit',
  'human_joined',
]);

/** Whether the chat is flagged `ai_never` when it leaves the AI for this reason. */
export const isFinalHandBack = (reason: HandBackReason): boolean => FINAL.has(reason);

/** What the AI settings page lists: provider failures and the cost controls that stopped a reply. */
export type AiEventReason = AiFailureReason | ReplyRefusal;

export const costControlLabel: Readonly<Record<ReplyRefusal, string>> = {
  reply_cap: 'Reply cap reached for this chat',
  visitor_rate_limit: 'Visitor rate limit reached',
};

export interface AiEvent {
  id: string;
  occurredAt: string;
  reason: AiEventReason;
  detail: string;
  provider: string;
  model: string;
  conversationId: string | null;
}

/** A note the AI wrote on a chat (its handover summary), as the staff panes show it. */
export interface AiNote {
  body: string;
  createdAt: string;
}

/** What the settings page may show of a key: never the key, only a mask of it. */
export type ApiKeyStatus =
  | { state: 'none' }
  | { state: 'saved'; masked: string }
  /** Sealed with another SECRET_KEY (or altered): it must be entered again. */
  | { state: 'unreadable' };

/** Everything /admin/ai shows besides the form's own values. */
export interface AiConsole {
  settings: AiSettings;
  keys: Readonly<Record<AiProviderName, ApiKeyStatus>>;
  breaker: BreakerState['status'];
  events: AiEvent[];
  /** Open chats the AI holds right now. */
  heldChats: number;
}

/**
 * The typing indicator is repeated this often while the AI composes: the visitor page drops a
 * typing pill it has not heard about for 6 s (a lost "stopped" never leaves it on).
 */
export const TYPING_REFRESH_MS = 4000;

/** The transcript's share of a request (cost control beside max tokens): about 18 KB of chat. */
export const TRANSCRIPT_BUDGET_TOKENS = 6000;
/** Messages read from the database for the transcript; trimming then keeps the newest that fit. */
export const TRANSCRIPT_MESSAGES = 100;

/**
 * A visitor message the AI has not answered this long after it arrived means the instance
 * composing the reply died (or lost it): the watchdog hands the chat back to routing. The bound
 * is above the longest reply the settings allow: read pause, the provider deadline and the
 * longest typing time, plus slack.
 */
export function replyLostAfterMs(settings: {
  pacing: { readDelayMs: number; typingMaxMs: number };
  timeoutMs: number;
}): number {
  return settings.pacing.readDelayMs + settings.timeoutMs + settings.pacing.typingMaxMs + 15_000;
}

/**
 * The AI's side of routing, in Deps as `aiAgent` (routing and the visitor message path call it
 * without importing the AI module). `D` is the Deps it runs with, `E` the realtime event union.
 * No method throws: a failing AI never stops a chat from reaching humans.
 */
export interface AiAgentPort<D, E> {
  /** Binds the agent to the deps it runs with (the server's live publisher and presence). */
  attach(deps: D): void;
  /**
   * Routing offers a waiting chat (AI-2). The AI takes it, with a compare-and-set, when it is on,
   * within its hours, its breaker allows, the chat is not flagged `ai_never`, the visitor is
   * under the rate limit, and the phase fits the "only when no human is eligible" setting.
   */
  offer(conversationId: string, phase: OfferPhase): Promise<{ assigneeId: string } | null>;
  /**
   * A visitor message was stored: the AI answers it (paced), or hands the chat to a human now.
   * `heldBy` is the chat's assignee as that write left it: only a chat the AI held then is its
   * to answer (one it takes later is answered by `offer`, which looks for an unanswered message).
   */
  visitorWrote(message: { conversationId: string; seq: number; heldBy: string | null }): Promise<void>;
  /** The queue drain: chats the AI holds go to eligible humans at a turn boundary (AI-2). */
  handOverIdleChats(): Promise<number>;
  /** Every event this instance delivers (its own and other instances'): stale replies are cancelled. */
  observe(event: E): void;
  /** Replies pending on this instance (tests, shutdown). */
  pendingReplies(): number;
  /** Cancels every pending reply (shutdown). */
  stop(): void;
}

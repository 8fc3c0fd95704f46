import type { Conversation } from '../conversations/conversation.ts';
import { findConversationById } from '../conversations/conversations.queries.ts';
import type { Deps } from '../deps.ts';
import { MAX_MESSAGE_LENGTH } from '../messages/message.ts';
import { listRecentMessages } from '../messages/messages.queries.ts';
import { sendMessage } from '../messages/messages.service.ts';
import { acknowledgeMessages } from '../messages/receipts.service.ts';
import { findProjectById } from '../projects/projects.queries.ts';
import { addMs, toIso } from '../shared/clock.ts';
import {
  countAiReplies,
  countAiRepliesToVisitor,
  findNewestVisitorSeq,
  hasHumanMessageSince,
} from './ai.queries.ts';
import { type AiSettings, checkReplyAllowance, remainingTypingMs } from './ai.ts';
import type { OfferPhase } from './ai-agent.ts';
import {
  AI_AGENT_ID,
  AI_AGENT_NAME,
  DEFAULT_HANDOVER_LINE,
  type HandBackReason,
  isAiAgent,
  TRANSCRIPT_BUDGET_TOKENS,
  TRANSCRIPT_MESSAGES,
} from './ai-agent.ts';
import {
  handOverToHuman,
  humanIsEligible,
  returnToHumans,
  takeForAi,
  writeHandoverNote,
} from './ai-handover.service.ts';
import {
  breakerAllowsNow,
  loadAiSettings,
  loadApiKey,
  providerFor,
  recordAiEvent,
  recordBreaker,
} from './ai-settings.service.ts';
import { isAiAvailable } from './availability.ts';
import type { AiRequest } from './provider.ts';
import { aiRequestFor } from './providers.ts';
import { renderSystemPrompt } from './system-prompt.ts';
import { trimTranscript } from './transcript.ts';

/**
 * What the AI does with a chat (AI-2..5): take it when routing offers it, decide at each visitor
 * message, and compose one reply with a human's pacing. The in-process scheduling (timers,
 * cancellation) is the agent's (ai-agent.service.ts); everything here reads and writes through
 * the database, so any instance can pick a chat up where another left it.
 */

/** Cost controls for one chat and its visitor, from the stored messages. */
async function allowance(deps: Pick<Deps, 'db' | 'clock'>, conversation: Conversation, settings: AiSettings) {
  const since = toIso(addMs(deps.clock.now(), -settings.visitorRateLimit.windowMs));
  const [inConversation, toVisitor] = await Promise.all([
    countAiReplies(deps.db, conversation.id),
    countAiRepliesToVisitor(deps.db, conversation.visitorId, since),
  ]);
  return checkReplyAllowance(
    { aiRepliesInConversation: inConversation, aiRepliesToVisitorInWindow: toVisitor },
    settings,
  );
}

/**
 * AI-2: routing offers a waiting chat. The AI takes it only when it is on, within its hours, the
 * phase fits "only when no human is eligible", the breaker allows, a key is saved, the chat is
 * not flagged and neither the chat nor its visitor is over a cost control.
 */
export async function offerToAi(deps: Deps, conversationId: string, phase: OfferPhase): Promise<boolean> {
  const settings = await loadAiSettings(deps);
  if (!settings.enabled) return false;
  if (phase === 'before_humans' && settings.onlyWhenNoHuman) return false;
  if (!isAiAvailable(settings.availability, deps.clock.now())) return false;
  const conversation = await findConversationById(deps.db, conversationId);
  if (!conversation || conversation.aiNever || conversation.status !== 'unassigned') return false;
  if (conversation.assigneeId !== null) return false;
  if (!(await breakerAllowsNow(deps))) return false;
  if ((await loadApiKey(deps, settings.provider)) === '') return false;
  if (!(await allowance(deps, conversation, settings)).ok) return false;
  return takeForAi(deps, conversationId);
}

export type VisitorTurn = { kind: 'not_ai' } | { kind: 'handed' } | { kind: 'reply' };

/**
 * A visitor message in a chat the AI holds: the AI answers it, or the chat goes to humans now
 * (AI off or out of hours, breaker open, an eligible human, a person already in the chat, a cost
 * control reached). The visitor sees no error either way (AI-5).
 */
export async function decideOnVisitorMessage(
  deps: Deps,
  conversationId: string,
  heldBy: string | null,
): Promise<VisitorTurn> {
  // Every visitor message passes here (PERF-3): the usual answer, not the AI's chat when the
  // message was stored, costs no read; the AI's chats are read again, as they are now.
  if (!isAiAgent(heldBy)) return { kind: 'not_ai' };
  const conversation = await findConversationById(deps.db, conversationId);
  if (conversation?.status !== 'active' || !isAiAgent(conversation.assigneeId)) return { kind: 'not_ai' };
  const settings = await loadAiSettings(deps);
  const handBack = async (reason: HandBackReason): Promise<VisitorTurn> => {
    await returnToHumans(deps, conversationId, reason);
    return { kind: 'handed' };
  };
  if (!settings.enabled) return handBack('ai_off');
  if (!isAiAvailable(settings.availability, deps.clock.now())) return handBack('outside_hours');
  if (!(await breakerAllowsNow(deps))) return handBack('breaker_open');
  // AI-2: a human became eligible: they take over at this message, with the whole history.
  if (
    settings.onlyWhenNoHuman &&
    (await humanIsEligible(deps)) &&
    (await handOverToHuman(deps, conversationId))
  ) {
    return { kind: 'handed' };
  }
  if (
    conversation.assignedAt &&
    (await hasHumanMessageSince(deps.db, conversationId, conversation.assignedAt))
  ) {
    return handBack('human_joined');
  }
  const allowed = await allowance(deps, conversation, settings);
  if (!allowed.ok) {
    await recordAiEvent(deps, {
      reason: allowed.reason,
      detail: `the chat went to the human queue (cap ${settings.replyCapPerConversation} replies per chat, ${settings.visitorRateLimit.limit} per visitor)`,
      settings,
      conversationId,
    });
    return handBack(allowed.reason);
  }
  return { kind: 'reply' };
}

/** One reply being composed; the agent owns the timers, the typing indicator and cancellation. */
export interface ReplyJob {
  conversationId: string;
  /** The visitor message answered (the newest when the job started). */
  seq: number;
  signal: AbortSignal;
  /** Waits on the injected timers; false when the job was cancelled meanwhile. */
  sleep(ms: number): Promise<boolean>;
  /** Shows or clears "AI is typing…" (kept alive while composing). */
  typing(on: boolean): void;
}

/**
 * Still the AI's turn, read from the database right before acting (Chatwoot PR #13673): the AI
 * holds the open chat, this is still the newest visitor message, and no person wrote since the AI
 * took the chat. The send itself is guarded by the holder too, atomically.
 */
async function stillAiTurn(deps: Pick<Deps, 'db'>, job: ReplyJob): Promise<Conversation | undefined> {
  const conversation = await findConversationById(deps.db, job.conversationId);
  if (conversation?.status !== 'active' || !isAiAgent(conversation.assigneeId)) return undefined;
  if ((await findNewestVisitorSeq(deps.db, job.conversationId)) !== job.seq) return undefined;
  const since = conversation.assignedAt;
  if (since && (await hasHumanMessageSince(deps.db, job.conversationId, since))) return undefined;
  return conversation;
}

/**
 * AI-3 pacing, AI-4 escalation, AI-5 failover for one visitor message: wait the read pause, mark
 * the visitor's messages read, type while the model composes, then let the reply land once the
 * typing has lasted as long as a person would need, and clear typing.
 */
export async function composeReply(deps: Deps, job: ReplyJob): Promise<void> {
  const settings = await loadAiSettings(deps);
  if (!(await job.sleep(settings.pacing.readDelayMs))) return;
  const conversation = await stillAiTurn(deps, job);
  if (!conversation || job.signal.aborted) return;
  await acknowledgeMessages(deps, {
    conversationId: job.conversationId,
    side: 'staff',
    kind: 'read',
    seq: job.seq,
  });
  job.typing(true);
  const typingFrom = deps.clock.now().getTime();
  await recordBreaker(deps, 'attempt');
  const provider = await providerFor(deps, settings);
  const outcome = await provider.complete(await buildRequest(deps, conversation, settings, job.signal));
  if (job.signal.aborted) return;
  if (outcome.kind === 'failure') {
    job.typing(false);
    await recordAiEvent(deps, {
      reason: outcome.reason,
      detail: outcome.detail,
      settings,
      conversationId: job.conversationId,
    });
    await recordBreaker(deps, { failure: outcome.reason });
    await returnToHumans(deps, job.conversationId, 'failed');
    return;
  }
  await recordBreaker(deps, 'success');
  const text = outcome.kind === 'reply' ? outcome.text : outcome.handoverMessage || DEFAULT_HANDOVER_LINE;
  const typedFor = deps.clock.now().getTime() - typingFrom;
  if (!(await job.sleep(remainingTypingMs(settings.pacing, text.length, typedFor)))) return;
  if (!(await stillAiTurn(deps, job))) return job.typing(false);
  const sent = await sendMessage(deps, {
    conversationId: job.conversationId,
    // One reply per visitor message, and one hand-off line per chat, whatever retries or races.
    clientMessageId: outcome.kind === 'reply' ? `ai-${job.seq}` : 'ai-handover',
    senderKind: 'ai',
    senderUserId: AI_AGENT_ID,
    senderName: AI_AGENT_NAME,
    body: fitMessage(text),
    guard: { assigneeId: AI_AGENT_ID },
  });
  job.typing(false);
  if (!sent.ok) return;
  if (outcome.kind === 'escalate') {
    await writeHandoverNote(deps, { conversationId: job.conversationId, summary: outcome.summary });
    await returnToHumans(deps, job.conversationId, 'escalated');
  } else if (settings.onlyWhenNoHuman && (await humanIsEligible(deps))) {
    // AI-2 turn boundary: the reply landed, a human is eligible now: they take over here.
    await handOverToHuman(deps, job.conversationId);
  }
}

/** The newest visitor message of a chat the AI just took (to answer one that waited in the queue). */
export const newestVisitorSeq = (deps: Pick<Deps, 'db'>, conversationId: string) =>
  findNewestVisitorSeq(deps.db, conversationId);

async function buildRequest(
  deps: Pick<Deps, 'db' | 'clock'>,
  conversation: Conversation,
  settings: AiSettings,
  signal: AbortSignal,
): Promise<AiRequest> {
  const project = await findProjectById(deps.db, conversation.projectId);
  const system = renderSystemPrompt(settings.systemPromptTemplate, {
    projectName: project?.name ?? '',
    projectInstructions: project?.aiInstructions ?? '',
    now: deps.clock.now(),
    timeZone: settings.availability.timeZone,
    escalationPolicy: settings.escalationPolicy,
  });
  // Messages of this chat only: a chat reopened after a close starts a fresh context (no old hand-off).
  const recent = await listRecentMessages(deps.db, conversation.id, { limit: TRANSCRIPT_MESSAGES });
  const { turns } = trimTranscript(
    recent
      .reverse()
      .map((m) => ({ senderKind: m.senderKind, body: m.body, hasAttachment: m.attachmentId !== null })),
    {
      budgetTokens: TRANSCRIPT_BUDGET_TOKENS,
      contact: {
        name: conversation.visitorName,
        phone: conversation.visitorPhone,
        email: conversation.visitorEmail,
        project: project?.name ?? null,
      },
    },
  );
  return aiRequestFor(settings, system, turns, signal);
}

/** A reply longer than a message may be is cut at a word, visibly. */
function fitMessage(text: string): string {
  if (text.length <= MAX_MESSAGE_LENGTH) return text;
  const cut = text.slice(0, MAX_MESSAGE_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > MAX_MESSAGE_LENGTH / 2 ? cut.slice(0, space) : cut}…`;
}

import { publishAssigned } from '../conversations/conversation-events.service.ts';
import { findConversationById } from '../conversations/conversations.queries.ts';
import { writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { isEligible } from '../routing/eligibility.ts';
import { agentSnapshots, placeWithHuman, routeConversation } from '../routing/routing.service.ts';
import { toIso } from '../shared/clock.ts';
import {
  claimConversationForAi,
  flagAiNever,
  insertAiNote,
  listAiHeldChatIds,
  listAiIdleChatIds,
  releaseAiConversation,
} from './ai.queries.ts';
import {
  AI_AGENT_ID,
  EMPTY_SUMMARY_NOTE,
  type HandBackReason,
  isAiAgent,
  isFinalHandBack,
} from './ai-agent.ts';
import { loadAiSettings } from './ai-settings.service.ts';

/**
 * How chats come to the AI and leave it (AI-2, AI-4, AI-5, master off; docs/decisions/0025).
 * Every move is one compare-and-set and the same events a human's assignment announces, plus
 * `ai.status_changed` for the consoles. The visitor sees only the status their chat is in.
 */

/** An eligible human (ROUTE-2 rules: online, Live Chat, not on break, below limit) exists now. */
export async function humanIsEligible(deps: Pick<Deps, 'db' | 'presence' | 'clock'>): Promise<boolean> {
  const online = await deps.presence.onlineStaff();
  if (online.length === 0) return false;
  return (await agentSnapshots(deps, online, deps.clock.now())).some(isEligible);
}

/** The AI takes a waiting chat (the caller checked the rules); false when someone was faster. */
export async function takeForAi(deps: Deps, conversationId: string): Promise<boolean> {
  const now = toIso(deps.clock.now());
  const taken = await writeTransaction(deps.db, (trx) =>
    claimConversationForAi(trx, { id: conversationId, now }),
  );
  if (!taken) return false;
  publishAssigned(deps, {
    conversationId,
    assigneeId: AI_AGENT_ID,
    previousAssigneeId: null,
    status: 'active',
  });
  deps.publisher.publish({ type: 'ai.status_changed', conversationId, active: true });
  deps.log.info('ai.took_chat', { conversationId });
  return true;
}

/**
 * The chat leaves the AI for the human queue and is routed at once (to an eligible human, or it
 * waits). Final reasons flag it `ai_never` first, so routing can never hand it back to the AI.
 * True when the AI let go of it here.
 */
export async function returnToHumans(
  deps: Deps,
  conversationId: string,
  reason: HandBackReason,
): Promise<boolean> {
  if (isFinalHandBack(reason)) await writeTransaction(deps.db, (trx) => flagAiNever(trx, conversationId));
  const conversation = await findConversationById(deps.db, conversationId);
  if (!conversation || conversation.status === 'closed' || !isAiAgent(conversation.assigneeId)) return false;
  const now = toIso(deps.clock.now());
  const to = await writeTransaction(deps.db, (trx) =>
    releaseAiConversation(trx, { id: conversationId, from: conversation.status, now }),
  );
  if (!to) return false;
  publishAssigned(deps, { conversationId, assigneeId: null, previousAssigneeId: AI_AGENT_ID, status: to });
  deps.publisher.publish({ type: 'ai.status_changed', conversationId, active: false });
  deps.log.info('ai.handed_back', { conversationId, reason });
  if (to === 'unassigned') await routeConversation(deps, conversationId);
  return true;
}

/** AI-2 handover: an eligible human takes the chat straight from the AI; false when none could. */
export async function handOverToHuman(deps: Deps, conversationId: string): Promise<boolean> {
  const conversation = await findConversationById(deps.db, conversationId);
  if (conversation?.status !== 'active' || !isAiAgent(conversation.assigneeId)) return false;
  const placed = await placeWithHuman(deps, conversation);
  if (!placed?.ok || isAiAgent(placed.value.assigneeId)) return false;
  deps.publisher.publish({ type: 'ai.status_changed', conversationId, active: false });
  deps.log.info('ai.handed_over', { conversationId, assigneeId: placed.value.assigneeId });
  return true;
}

const HANDOVER_BATCH = 50;

/**
 * The queue drain's second half (AI-2): while the AI may answer only when no human is eligible,
 * the chats it holds go to eligible humans at a turn boundary: never while the visitor's message
 * waits for the AI's reply (`busy`, or the newest message is the visitor's). Those are handed
 * over right after the reply lands. Oldest AI chats first; stops when no human could take one.
 */
export async function handOverIdleChats(
  deps: Deps,
  busy: (conversationId: string) => boolean,
): Promise<number> {
  const settings = await loadAiSettings(deps);
  // Off: it holds nothing (saving "off" released it all; the watchdog catches stragglers).
  // AI-first: it keeps its chats until it hands over.
  if (!settings.enabled || !settings.onlyWhenNoHuman) return 0;
  const ids = (await listAiIdleChatIds(deps.db, HANDOVER_BATCH)).filter((id) => !busy(id));
  if (ids.length === 0 || !(await humanIsEligible(deps))) return 0;
  let handed = 0;
  for (const id of ids) {
    if (!(await handOverToHuman(deps, id))) break;
    handed++;
  }
  return handed;
}

/** Master off (and the watchdog's safety net): every chat the AI holds goes to the human queue. */
export async function releaseAllAiChats(deps: Deps, reason: HandBackReason): Promise<number> {
  let released = 0;
  let afterId: string | null = null;
  for (;;) {
    const ids = await listAiHeldChatIds(deps.db, afterId, HANDOVER_BATCH);
    for (const id of ids) if (await returnToHumans(deps, id, reason)) released++;
    afterId = ids.at(-1) ?? null;
    if (ids.length < HANDOVER_BATCH || afterId === null) return released;
  }
}

const NOTE_MAX = 4000;

/**
 * AI-4: the handover summary, written as a lead note authored by the AI so the human starts
 * informed. The one place the AI writes notes: at merge it can call the CRM notes service instead.
 */
export async function writeHandoverNote(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  note: { conversationId: string; summary: string },
): Promise<void> {
  const body = (note.summary.trim() || EMPTY_SUMMARY_NOTE).slice(0, NOTE_MAX);
  const now = toIso(deps.clock.now());
  await writeTransaction(deps.db, (trx) =>
    insertAiNote(trx, { id: deps.ids.next(), conversationId: note.conversationId, body, now }),
  );
}

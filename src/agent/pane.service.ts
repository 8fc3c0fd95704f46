import { findAiNote } from '../ai/ai.queries.ts';
import { findUserById } from '../auth/users.queries.ts';
import { type AccessDenied, checkChatAccess } from '../conversations/chat-access.service.ts';
import { nextStatus } from '../conversations/conversation.ts';
import { publishAssigned } from '../conversations/conversation-events.service.ts';
import { findConversationById } from '../conversations/conversations.queries.ts';
import type { Deps } from '../deps.ts';
import { findChatLeadSummary } from '../leads/chat-leads.queries.ts';
import { findConversationState } from '../messages/conversation-state.queries.ts';
import { loadHistory } from '../messages/history.service.ts';
import { HISTORY_PAGE, type HistoryPage } from '../messages/message.ts';
import { type Ineligibility, isEligible, whyIneligible } from '../routing/eligibility.ts';
import { agentSnapshots, claimForAgent, type RoutingDeps } from '../routing/routing.service.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { isStarred } from '../stars/stars.queries.ts';
import { listAttachmentSizes, listLiveChatAgentNames, listMessageQuotes } from './agent-console.queries.ts';
import type { PaneData, QuotedPage } from './agent-console.ts';

/** Newer messages fetched after a live notification; more than this means "reload the pane". */
const NEWER_PAGE = 100;

/** What the pane needs beside the page: quoted originals off the page, image sizes, the name. */
async function withQuotes(
  deps: Pick<Deps, 'db'>,
  conversationId: string,
  page: HistoryPage,
  visitorName: string | null,
): Promise<QuotedPage> {
  const onPage = new Set(page.messages.map((m) => m.id));
  const missing = [
    ...new Set(
      page.messages.map((m) => m.replyToId).filter((id): id is string => id !== null && !onPage.has(id)),
    ),
  ];
  const attachments = page.messages.flatMap((m) => (m.attachmentId ? [m.attachmentId] : []));
  const [quotes, sizes] = await Promise.all([
    listMessageQuotes(deps.db, conversationId, missing),
    listAttachmentSizes(deps.db, conversationId, attachments),
  ]);
  return {
    ...page,
    quotes: Object.fromEntries(quotes.map((r) => [r.id, r.body])),
    images: Object.fromEntries(sizes.map(({ id, width, height }) => [id, { width, height }])),
    visitorName,
  };
}

/** Everything the chat pane shows, after the ownership check (own: full; Others: read-only). */
export async function loadChatPane(
  deps: Pick<Deps, 'db' | 'clock' | 'presence'>,
  userId: string,
  conversationId: string,
): Promise<Result<PaneData, AccessDenied>> {
  const access = await checkChatAccess(deps, userId, conversationId, 'read');
  const conversation = access.ok ? await findConversationById(deps.db, conversationId) : undefined;
  const state = access.ok ? await findConversationState(deps.db, conversationId) : undefined;
  if (!access.ok || !conversation || !state) return fail(access.ok ? 'not_found' : access.code);
  const history = await loadHistory(deps, state, { limit: HISTORY_PAGE });
  if (!history.ok) return fail('not_found');
  const assignee = conversation.assigneeId ? await findUserById(deps.db, conversation.assigneeId) : undefined;
  const writable = access.value.access === 'own' && conversation.status !== 'closed';
  return ok({
    chat: {
      id: conversation.id,
      visitorName: conversation.visitorName,
      visitorPhone: conversation.visitorPhone,
      visitorEmail: conversation.visitorEmail,
      status: conversation.status,
      leadStage: conversation.leadStage,
      assigneeName: assignee?.displayName ?? null,
      access: access.value.access,
      starred: await isStarred(deps.db, userId, conversationId),
    },
    history: await withQuotes(deps, conversationId, history.value, conversation.visitorName),
    transferTargets: writable ? await transferTargets(deps, userId) : [],
    handoverNote: (await findAiNote(deps.db, conversationId)) ?? null,
    lead: (await findChatLeadSummary(deps.db, conversation)) ?? null,
  });
}

/** ROUTE-8 candidates: online, Live Chat, not on break, below their limit (re-checked on transfer). */
async function transferTargets(deps: Pick<Deps, 'db' | 'clock' | 'presence'>, userId: string) {
  const names = await listLiveChatAgentNames(deps.db, userId);
  const snapshots = await agentSnapshots(
    deps,
    names.map((n) => n.id),
    deps.clock.now(),
  );
  const eligible = new Set(snapshots.filter(isEligible).map((s) => s.id));
  return names.filter((n) => eligible.has(n.id));
}

/** Older (before a cursor) or newer (after a sequence) messages of a chat the agent may read. */
export async function loadMessages(
  deps: Pick<Deps, 'db'>,
  userId: string,
  conversationId: string,
  query: { before?: string; afterSeq?: number },
): Promise<Result<QuotedPage, AccessDenied | 'bad_cursor'>> {
  const access = await checkChatAccess(deps, userId, conversationId, 'read');
  if (!access.ok) return fail(access.code);
  const [state, conversation] = await Promise.all([
    findConversationState(deps.db, conversationId),
    findConversationById(deps.db, conversationId),
  ]);
  if (!state || !conversation) return fail('not_found');
  const limit = query.afterSeq === undefined ? HISTORY_PAGE : NEWER_PAGE;
  const page = await loadHistory(deps, state, { ...query, limit });
  if (!page.ok) return page;
  return ok(await withQuotes(deps, conversationId, page.value, conversation.visitorName));
}

export type PickUpError = AccessDenied | 'taken' | 'closed' | Ineligibility;

/**
 * AGENT-1: any eligible agent may take a chat waiting unheld in Unassigned. The claim is the same
 * compare-and-set routing uses (only if still unheld, only below the agent's limit), so two agents
 * clicking at once cannot both get it.
 */
export async function pickUpConversation(
  deps: RoutingDeps,
  userId: string,
  conversationId: string,
): Promise<Result<{ status: 'active' | 'offline' }, PickUpError>> {
  const conversation = await findConversationById(deps.db, conversationId);
  if (!conversation) return fail('not_found');
  if (conversation.status === 'closed') return fail('closed');
  if (conversation.assigneeId !== null) return fail('taken');
  const [me] = await agentSnapshots(deps, [userId], deps.clock.now());
  const problem = me ? whyIneligible(me) : 'target_no_live_chat';
  if (problem) return fail(problem);
  const to = nextStatus('reassign', conversation);
  if (to !== 'active' && to !== 'offline') return fail('closed');
  const outcome = await claimForAgent(deps, { conversation, agentId: userId, to, movePointer: false });
  if (outcome === 'chat_changed') return fail('taken');
  if (outcome === 'agent_unavailable') return fail('target_at_limit');
  publishAssigned(deps, { conversationId, assigneeId: userId, previousAssigneeId: null, status: to });
  return ok({ status: to });
}

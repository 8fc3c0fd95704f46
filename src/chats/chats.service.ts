import { findAiNote } from '../ai/ai.queries.ts';
import { withAiAgent } from '../ai/ai-agent.ts';
import { findUserById } from '../auth/users.queries.ts';
import { findConversationById } from '../conversations/conversations.queries.ts';
import type { Deps } from '../deps.ts';
import { findChatLeadSummary } from '../leads/chat-leads.queries.ts';
import { findProjectById } from '../projects/projects.queries.ts';
import { dayRangeProblem } from '../shared/day-range.ts';
import { listAgents } from '../staff/staff.service.ts';
import { findCsatFacts } from '../visitors/csat.queries.ts';
import { ratingOf } from '../visitors/csat.ts';
import type { ChatCursor, ChatFilters, ChatPanelData } from './chat.ts';
import { loadChatHistory, visitorBlockState } from './chat-actions.service.ts';
import { countChatsByStatus, listChatsPage } from './chats.queries.ts';

/** The Chats table for admins and managers (ADMIN-2). */
export const CHATS_PAGE_SIZE = 25;
/** Status pill counts stop here and show "N+" (PERF-2 capped counts). */
export const COUNT_CAP = 10_000;

const NO_COUNTS = { unassigned: 0, active: 0, offline: 0, closed: 0 };

export const encodeCursor = (cursor: ChatCursor) => `${cursor.createdAt}~${cursor.id}`;

export function decodeCursor(text: string | undefined): ChatCursor | undefined {
  const [createdAt, id] = (text ?? '').split('~');
  return createdAt && id ? { createdAt, id } : undefined;
}

/** `days` are the range as typed: a range ending before it starts lists nothing and says why. */
export async function loadChatsTable(
  deps: Pick<Deps, 'db' | 'presence'>,
  filters: ChatFilters,
  after: ChatCursor | undefined,
  days: { from?: string | undefined; to?: string | undefined } = {},
) {
  const rangeError = dayRangeProblem(days.from, days.to);
  if (rangeError) {
    const agents = await listAgents(deps);
    return {
      rangeError,
      rows: [],
      hasMore: false,
      counts: NO_COUNTS,
      agents: agents.map((a) => ({ id: a.agent.id, name: a.agent.displayName })),
      nextCursor: undefined,
    };
  }
  const { status: _status, ...others } = filters;
  const [page, counts, agents] = await Promise.all([
    listChatsPage(deps.db, filters, after, CHATS_PAGE_SIZE),
    countChatsByStatus(deps.db, others, COUNT_CAP),
    listAgents(deps),
  ]);
  const last = page.rows.at(-1);
  return {
    ...page,
    counts,
    // The AI agent filters as its own agent (AI-6): its chats are the ones it holds.
    agents: withAiAgent(agents.map((a) => ({ id: a.agent.id, name: a.agent.displayName }))),
    nextCursor: page.hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : undefined,
  };
}

/** Everything the chat modal shows besides the message history (ADMIN-2). */
export async function loadChatPanel(
  deps: Pick<Deps, 'db' | 'presence' | 'clock'>,
  conversationId: string,
): Promise<ChatPanelData | undefined> {
  const conversation = await findConversationById(deps.db, conversationId);
  if (!conversation) return undefined;
  const [project, agents, history, visitor, assignee, aiNote, lead, csat] = await Promise.all([
    findProjectById(deps.db, conversation.projectId),
    listAgents(deps),
    loadChatHistory(deps, conversationId),
    visitorBlockState(deps, conversationId),
    conversation.assigneeId ? findUserById(deps.db, conversation.assigneeId) : undefined,
    findAiNote(deps.db, conversationId),
    findChatLeadSummary(deps.db, conversation),
    findCsatFacts(deps.db, conversationId),
  ]);
  return {
    conversation,
    projectTitle: project?.title ?? '',
    // By the holder's own name: an agent, or "AI" for the AI agent (AI-6).
    assigneeName: assignee?.displayName ?? null,
    aiNote: aiNote ?? null,
    lead: lead ?? null,
    csat: csat ? ratingOf(csat) : null,
    agents,
    history: history ?? { messages: [], olderCursor: null },
    visitor,
  };
}

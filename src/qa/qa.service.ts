import { findAiNote } from '../ai/ai.queries.ts';
import { withAiAgent } from '../ai/ai-agent.ts';
import { findUserById } from '../auth/users.queries.ts';
import { findConversationById } from '../conversations/conversations.queries.ts';
import type { Deps } from '../deps.ts';
import { findConversationState } from '../messages/conversation-state.queries.ts';
import { loadHistory } from '../messages/history.service.ts';
import { HISTORY_PAGE } from '../messages/message.ts';
import { findProjectById, listProjects } from '../projects/projects.queries.ts';
import { encodeKeysetCursor, type KeysetCursor } from '../shared/keyset-cursor.ts';
import { listAgents } from '../staff/staff.service.ts';
import { findCsatFacts } from '../visitors/csat.queries.ts';
import { ratingOf } from '../visitors/csat.ts';
import { listQaChatsPage } from './qa.queries.ts';
import { QA_PAGE_SIZE, type QaFilters, type QaPaneData } from './qa.ts';

/** The QA console (QA-1, QA-2): reads only, never a write path. */
export async function loadQaList(
  deps: Pick<Deps, 'db' | 'presence'>,
  filters: QaFilters,
  after: KeysetCursor | undefined,
) {
  const [page, agents, projects] = await Promise.all([
    listQaChatsPage(deps.db, filters, after, QA_PAGE_SIZE),
    listAgents(deps),
    listProjects(deps.db),
  ]);
  const last = page.rows.at(-1);
  return {
    ...page,
    // The AI is one more agent in the picker; picking it lists every chat it handled (QA-2).
    agents: withAiAgent(agents.map((a) => ({ id: a.agent.id, name: a.agent.displayName }))),
    projects: projects.map((p) => ({ id: p.id, name: p.title })),
    nextCursor: page.hasMore && last ? encodeKeysetCursor({ at: last.createdAt, id: last.id }) : undefined,
  };
}

/** The read-only pane: the chat, its last 30 messages with receipts, the visitor's presence. */
export async function loadQaPane(
  deps: Pick<Deps, 'db' | 'presence'>,
  conversationId: string,
): Promise<QaPaneData | undefined> {
  const [conversation, state] = await Promise.all([
    findConversationById(deps.db, conversationId),
    findConversationState(deps.db, conversationId),
  ]);
  if (!conversation || !state) return undefined;
  const [history, project, assignee, aiNote, visitorOnline, csat] = await Promise.all([
    loadHistory(deps, state, { limit: HISTORY_PAGE }),
    findProjectById(deps.db, conversation.projectId),
    conversation.assigneeId ? findUserById(deps.db, conversation.assigneeId) : undefined,
    findAiNote(deps.db, conversationId),
    deps.presence.isOnline({ kind: 'visitor', id: conversationId }),
    findCsatFacts(deps.db, conversationId),
  ]);
  if (!history.ok) return undefined;
  return {
    conversation,
    projectTitle: project?.title ?? '',
    assigneeName: assignee?.displayName ?? null,
    aiNote: aiNote ?? null,
    history: history.value,
    visitorOnline,
    csat: csat ? ratingOf(csat) : null,
  };
}

/** Older (`before` a history cursor) or newer (`afterSeq`) messages for the pane, with the visitor's name. */
export async function loadQaMessages(
  deps: Pick<Deps, 'db'>,
  conversationId: string,
  query: { before?: string | undefined; afterSeq?: number | undefined },
) {
  const [state, conversation] = await Promise.all([
    findConversationState(deps.db, conversationId),
    findConversationById(deps.db, conversationId),
  ]);
  if (!state || !conversation) return undefined;
  const page = await loadHistory(deps, state, {
    limit: query.afterSeq === undefined ? HISTORY_PAGE : 100,
    ...(query.before ? { before: query.before } : {}),
    ...(query.afterSeq !== undefined ? { afterSeq: query.afterSeq } : {}),
  });
  return page.ok ? { page: page.value, visitorName: conversation.visitorName } : undefined;
}

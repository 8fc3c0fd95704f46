import { AI_AGENT_ID } from '../ai/ai-agent.ts';
import type { Db } from '../db/database.ts';
import { firstRows, flag, isSet } from '../db/dialect.ts';
import type { KeysetCursor } from '../shared/keyset-cursor.ts';
import type { QaChatRow, QaFilters } from './qa.ts';
import type { ClosedChat } from './review-queue.ts';

/**
 * The QA list (QA-1, QA-2): every chat, newest first by start (conversations_created_ix, and
 * conversations_ai_created_ix for the AI filter), keyset pages. Only reads.
 */
function filtered(db: Db, filters: QaFilters) {
  let query = db.selectFrom('conversations');
  if (filters.agentId === AI_AGENT_ID) query = query.where('conversations.ai_active', '=', flag(true));
  else if (filters.agentId) query = query.where('conversations.assignee_id', '=', filters.agentId);
  if (filters.status !== 'all') query = query.where('conversations.status', '=', filters.status);
  if (filters.projectId) query = query.where('conversations.project_id', '=', filters.projectId);
  if (filters.from) query = query.where('conversations.created_at', '>=', filters.from);
  if (filters.to) query = query.where('conversations.created_at', '<=', filters.to);
  if (filters.scored !== 'all') {
    const wanted = filters.scored === 'scored';
    query = query.where((eb) => {
      const scored = eb.exists(
        eb
          .selectFrom('qa_scores')
          .select('qa_scores.id')
          .whereRef('qa_scores.conversation_id', '=', 'conversations.id'),
      );
      return wanted ? scored : eb.not(scored);
    });
  }
  return query;
}

export async function listQaChatsPage(
  db: Db,
  filters: QaFilters,
  after: KeysetCursor | undefined,
  pageSize: number,
): Promise<{ rows: QaChatRow[]; hasMore: boolean }> {
  let query = filtered(db, filters)
    .innerJoin('projects', 'projects.id', 'conversations.project_id')
    .leftJoin('users', 'users.id', 'conversations.assignee_id')
    .select((eb) => [
      'conversations.id',
      'projects.title as project_title',
      'conversations.status',
      'users.display_name as assignee_name',
      'conversations.ai_active',
      'conversations.visitor_name',
      'conversations.last_message_at',
      'conversations.last_message_preview',
      'conversations.created_at',
      'conversations.csat_score',
      eb
        .selectFrom('qa_scores')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('qa_scores.conversation_id', '=', 'conversations.id')
        .as('score_count'),
    ])
    .orderBy('conversations.created_at', 'desc')
    .orderBy('conversations.id', 'desc');
  if (after) {
    query = query
      .where('conversations.created_at', '<=', after.at)
      .where((eb) =>
        eb.or([eb('conversations.created_at', '<', after.at), eb('conversations.id', '<', after.id)]),
      );
  }
  const rows = await firstRows(db, query, pageSize + 1).execute();
  return {
    hasMore: rows.length > pageSize,
    rows: rows.slice(0, pageSize).map((row) => ({
      id: row.id,
      projectTitle: row.project_title,
      status: row.status,
      assigneeName: row.assignee_name,
      aiHandled: isSet(row.ai_active),
      visitorName: row.visitor_name,
      lastMessageAt: row.last_message_at,
      lastMessagePreview: row.last_message_preview,
      createdAt: row.created_at,
      scoreCount: Number(row.score_count ?? 0),
      csatScore: row.csat_score,
    })),
  };
}

/** Chats closed in a range with a holder, oldest first, capped (the review queue's population). */
export async function listClosedChatsBetween(
  db: Db,
  range: { from: string; to: string },
  cap: number,
): Promise<ClosedChat[]> {
  const query = db
    .selectFrom('conversations')
    .innerJoin('projects', 'projects.id', 'conversations.project_id')
    .leftJoin('users', 'users.id', 'conversations.assignee_id')
    .select((eb) => [
      'conversations.id',
      'conversations.assignee_id',
      'users.display_name',
      'conversations.visitor_name',
      'projects.title',
      'conversations.closed_at',
      // A count, not EXISTS: SQL Server has no boolean in a select list.
      eb
        .selectFrom('qa_scores')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('qa_scores.conversation_id', '=', 'conversations.id')
        .as('score_count'),
    ])
    .where('conversations.status', '=', 'closed')
    .where('conversations.assignee_id', 'is not', null)
    .where('conversations.closed_at', '>=', range.from)
    .where('conversations.closed_at', '<=', range.to)
    .orderBy('conversations.closed_at')
    .orderBy('conversations.id');
  const rows = await firstRows(db, query, cap).execute();
  return rows.map((row) => ({
    id: row.id,
    agentId: row.assignee_id ?? '',
    agentName: row.assignee_id === AI_AGENT_ID ? 'AI' : (row.display_name ?? 'Removed agent'),
    isAi: row.assignee_id === AI_AGENT_ID,
    visitorName: row.visitor_name,
    projectTitle: row.title,
    closedAt: row.closed_at ?? '',
    scored: Number(row.score_count ?? 0) > 0,
  }));
}

import { type ContactSearch, contactSearch } from '../conversations/contact-search.ts';
import { CONVERSATION_STATUSES } from '../conversations/conversation.ts';
import { searchKeyCondition, searchKeyUse } from '../conversations/conversations.queries.ts';
import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import { LEAD_STAGES, type LeadStage } from '../leads/lead-stage.ts';
import type { ChatCursor, ChatFilters, ChatRow, ChatStatusFilter } from './chat.ts';

/**
 * The admin/manager Chats table (ADMIN-2) and dashboard figures (ADMIN-1): filters over
 * conversations, keyset pages newest first by start time (conversations_created_ix), capped counts.
 * Search is never a contains-scan (ADR 0048): a key range on the name, email or phone key. A rare
 * key is read from (status, key) or (status, assignee_id, key) and only its matches are sorted; a
 * common one (SEARCH_SORT_LIMIT or more chats) is checked row by row along the page's own order.
 */

/** Key matches beyond which sorting them costs more than walking the page order (ADR 0048). */
export const SEARCH_SORT_LIMIT = 2_000;

type KeyUse = 'seek' | 'filter';

function filtered(db: Db, filters: Omit<ChatFilters, 'status'>, keyUse: KeyUse = 'seek') {
  let query = db.selectFrom('conversations');
  if (filters.stage) query = query.where('conversations.lead_stage', '=', filters.stage);
  if (filters.agentId) query = query.where('conversations.assignee_id', '=', filters.agentId);
  if (filters.from) query = query.where('conversations.created_at', '>=', filters.from);
  if (filters.to) query = query.where('conversations.created_at', '<=', filters.to);
  const search = contactSearch(filters.search);
  return search ? query.where(searchKeyCondition(search, keyUse)) : query;
}

const keyUseOf = (
  db: Db,
  search: ContactSearch | undefined,
  statuses: readonly string[],
  agentId?: string,
) =>
  search
    ? searchKeyUse(db, search, { statuses, assigneeId: agentId }, SEARCH_SORT_LIMIT)
    : Promise.resolve<KeyUse>('seek');

/** One page of the table plus whether an older page exists (fetches one row more than shown). */
export async function listChatsPage(
  db: Db,
  filters: ChatFilters,
  after: ChatCursor | undefined,
  pageSize: number,
): Promise<{ rows: ChatRow[]; hasMore: boolean }> {
  const search = contactSearch(filters.search);
  const statuses = filters.status === 'all' ? CONVERSATION_STATUSES : [filters.status];
  // One agent's chats on every status are walked on their own index (a planner prefers it to
  // four key seeks anyway): one agent of many holds a bounded share, and a deep page seeks.
  const keyUse: KeyUse =
    filters.status === 'all' && filters.agentId
      ? 'filter'
      : await keyUseOf(db, search, statuses, filters.agentId);
  // A seek on the key sorts its matches; every status spelled out lets "all" seek once per status.
  const seeking = search !== undefined && keyUse === 'seek';
  // Past the first page the cursor bounds the start time more tightly than the `to` filter: one
  // upper bound, so no planner ranges from `to` and skips every row down to the cursor.
  const bounded =
    after && filters.to && after.createdAt <= filters.to ? { ...filters, to: undefined } : filters;
  let query = filtered(db, bounded, keyUse)
    .innerJoin('projects', 'projects.id', 'conversations.project_id')
    .leftJoin('users', 'users.id', 'conversations.assignee_id')
    .select([
      'conversations.id',
      'conversations.project_id',
      'projects.title as project_title',
      'conversations.status',
      'conversations.assignee_id',
      'users.display_name as assignee_name',
      'conversations.visitor_name',
      'conversations.visitor_phone',
      'conversations.lead_stage',
      'conversations.last_message_at',
      'conversations.last_message_preview',
      'conversations.created_at',
    ])
    .orderBy('conversations.created_at', 'desc')
    .orderBy('conversations.id', 'desc');
  if (filters.status !== 'all') query = query.where('conversations.status', '=', filters.status);
  else if (seeking) query = query.where('conversations.status', 'in', CONVERSATION_STATUSES);
  if (after) {
    const at = after.createdAt;
    // The leading `created_at <=` gives every dialect an index range; the OR breaks ties by id.
    // A seek has its range on the key already: with a leading one a planner may trade it for a
    // walk down created_at that reads every older row of the status to find a rare name.
    query = seeking
      ? query.where((eb) =>
          eb.or([
            eb('conversations.created_at', '<', at),
            eb.and([eb('conversations.created_at', '=', at), eb('conversations.id', '<', after.id)]),
          ]),
        )
      : query
          .where('conversations.created_at', '<=', at)
          .where((eb) =>
            eb.or([eb('conversations.created_at', '<', at), eb('conversations.id', '<', after.id)]),
          );
  }
  const rows = await firstRows(db, query, pageSize + 1).execute();
  return {
    hasMore: rows.length > pageSize,
    rows: rows.slice(0, pageSize).map((row) => ({
      id: row.id,
      projectId: row.project_id,
      projectTitle: row.project_title,
      status: row.status,
      assigneeId: row.assignee_id,
      assigneeName: row.assignee_name,
      visitorName: row.visitor_name,
      visitorPhone: row.visitor_phone,
      leadStage: row.lead_stage,
      lastMessageAt: row.last_message_at,
      lastMessagePreview: row.last_message_preview,
      createdAt: row.created_at,
    })),
  };
}

/**
 * Chats per status under the same filters, each counted up to `cap` (PERF-2: a capped count shown
 * as "cap+" keeps the page fast on millions of rows).
 */
export async function countChatsByStatus(
  db: Db,
  filters: Omit<ChatFilters, 'status'>,
  cap: number,
): Promise<Record<Exclude<ChatStatusFilter, 'all'>, number>> {
  const statuses = ['unassigned', 'active', 'offline', 'closed'] as const;
  // A search counts on its key index, whose entries hold the stage and start time it checks.
  const counts = await Promise.all(
    statuses.map(async (status) => {
      const capped = firstRows(
        db,
        filtered(db, filters).select('conversations.id').where('conversations.status', '=', status),
        cap,
      );
      const row = await db
        .selectFrom(capped.as('capped'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return [status, Number(row.n)] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<(typeof statuses)[number], number>;
}

/**
 * Lead stages of the chats started in the range (ADMIN-1), each counted up to `cap` on
 * conversations_stage_created_id_ix (lead_stage, created_at, id): one capped index range per stage,
 * never a group-by over every chat of the range (PERF-2).
 */
export async function countChatsByStage(
  db: Db,
  filters: Pick<ChatFilters, 'from' | 'to'>,
  cap: number,
): Promise<Array<{ stage: LeadStage; count: number }>> {
  return Promise.all(
    LEAD_STAGES.map(async (stage) => {
      const capped = firstRows(db, filtered(db, { ...filters, stage }).select('conversations.id'), cap);
      const row = await db
        .selectFrom(capped.as('capped'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { stage, count: Number(row.n) };
    }),
  );
}

/** The visitor's address for a block (SEC-3): the IP of the touch that started this chat, else their first. */
export async function findConversationVisitorIp(db: Db, conversationId: string): Promise<string | null> {
  const row = await db
    .selectFrom('conversations')
    .innerJoin('visitors', 'visitors.id', 'conversations.visitor_id')
    .leftJoin('attributions', 'attributions.id', 'conversations.attribution_id')
    .select(['attributions.ip as touch_ip', 'visitors.first_ip'])
    .where('conversations.id', '=', conversationId)
    .executeTakeFirst();
  return row?.touch_ip ?? row?.first_ip ?? null;
}

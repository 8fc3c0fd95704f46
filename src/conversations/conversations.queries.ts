import {
  type Insertable,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import type { ConversationsTable, Db } from '../db/database.ts';
import { checkedNotSought, firstRows, isSet } from '../db/dialect.ts';
import type { AccessFacts } from './chat-access.ts';
import { type ContactSearch, conversationSearchColumn, conversationSearchColumns } from './contact-search.ts';
import {
  type Conversation,
  type ConversationStatus,
  nextStatus,
  OPEN_STATUSES,
  type Transition,
  transitions,
} from './conversation.ts';

export type ConversationRow = Selectable<ConversationsTable>;

export function conversationRowToConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    projectId: row.project_id,
    visitorId: row.visitor_id,
    attributionId: row.attribution_id,
    status: row.status as ConversationStatus,
    assigneeId: row.assignee_id,
    visitorName: row.visitor_name,
    visitorPhone: row.visitor_phone,
    visitorEmail: row.visitor_email,
    aiActive: isSet(row.ai_active),
    aiNever: isSet(row.ai_never),
    leadStage: row.lead_stage,
    followUpOn: row.follow_up_on,
    finalRemark: row.final_remark,
    lastSeq: row.last_seq,
    lastMessageAt: row.last_message_at,
    lastMessagePreview: row.last_message_preview,
    queuedAt: row.queued_at,
    assignedAt: row.assigned_at,
    visitorLeftAt: row.visitor_left_at,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    createdAt: row.created_at,
  };
}

export async function findConversationById(db: Db, id: string): Promise<Conversation | undefined> {
  const row = await db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? conversationRowToConversation(row) : undefined;
}

export async function findConversationAccess(
  db: Db,
  conversationId: string,
): Promise<(AccessFacts & { id: string }) | undefined> {
  const row = await db
    .selectFrom('conversations')
    .select(['id', 'status', 'assignee_id'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  return row && { id: row.id, status: row.status as ConversationStatus, assigneeId: row.assignee_id };
}

/** Inserts a chat; the contact's search keys are derived here, so no caller can forget them (ADR 0038, 0048). */
export async function insertConversation(
  db: Db,
  row: Omit<Insertable<ConversationsTable>, keyof ReturnType<typeof conversationSearchColumns>>,
): Promise<void> {
  await db
    .insertInto('conversations')
    .values({ ...row, ...conversationSearchColumns(row) })
    .execute();
}

/**
 * A search's key range as a condition (ADR 0048). `seek` lets the planner read the key's index;
 * `filter` wraps the key so no index matches it, and the page walks its order index instead,
 * checking each row: the cheaper way when the key is common (a first name shared by thousands).
 */
export function searchKeyCondition(search: ContactSearch, use: 'seek' | 'filter'): RawBuilder<SqlBool> {
  const name = `conversations.${conversationSearchColumn[search.field]}`;
  const key = use === 'seek' ? sql.ref(name) : checkedNotSought(name);
  return search.below === undefined
    ? sql<SqlBool>`${key} >= ${search.from}`
    : sql<SqlBool>`${key} >= ${search.from} and ${key} < ${search.below}`;
}

/**
 * How a page should read a search (ADR 0048): `seek` when fewer than `limit` chats of these
 * statuses (and holder) have the key, so sorting the matches is bounded; `filter` otherwise.
 * Counted on the covering (status[, assignee_id], key) index, never more than `limit` entries.
 */
export async function searchKeyUse(
  db: Db,
  search: ContactSearch,
  scope: { statuses: readonly string[]; assigneeId?: string | undefined },
  limit: number,
): Promise<'seek' | 'filter'> {
  const column = `conversations.${conversationSearchColumn[search.field]}` as const;
  let probe = db
    .selectFrom('conversations')
    .select(column)
    .where('conversations.status', 'in', scope.statuses)
    .where(searchKeyCondition(search, 'seek'));
  if (scope.assigneeId) probe = probe.where('conversations.assignee_id', '=', scope.assigneeId);
  const row = await db
    .selectFrom(firstRows(db, probe, limit).as('candidates'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) < limit ? 'seek' : 'filter';
}

/**
 * Compare-and-set for one transition: succeeds only if the chat is still in the status and with
 * the assignee the caller read, so two instances (or two sweeps) never both act on it.
 */
export async function updateConversationIf(
  db: Db,
  cas: {
    id: string;
    transition: Transition;
    from: ConversationStatus;
    assigneeId: string | null;
    set: Omit<Updateable<ConversationsTable>, 'status' | 'id'>;
  },
): Promise<boolean> {
  const to = nextStatus(cas.transition, { status: cas.from, assigneeId: cas.assigneeId });
  if (!to) throw new Error(`illegal transition ${cas.transition} from ${cas.from}`);
  const result = await db
    .updateTable('conversations')
    .set({ ...cas.set, status: to })
    .where('id', '=', cas.id)
    .where('status', '=', cas.from)
    .where('assignee_id', cas.assigneeId === null ? 'is' : '=', cas.assigneeId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

const openStatuses = [...OPEN_STATUSES];

/**
 * The chats an agent keeps while away (ROUTE-7, ADR 0036): only those whose visitor is gone, the
 * most recent first, up to `keep`. A visitor still on the page never waits on an absent agent.
 */
function keptConversationIds(db: Db, userId: string, keep: number) {
  return firstRows(
    db,
    db
      .selectFrom('conversations as kept')
      .select('kept.id')
      .where('kept.status', '=', 'offline')
      .where('kept.assignee_id', '=', userId)
      .orderBy('kept.last_message_at', 'desc')
      .orderBy('kept.id', 'desc'),
    keep,
  );
}

/** Which chats `releaseAgentConversations` would release now (to announce them). */
export async function listReleasableConversationIds(db: Db, userId: string, keep: number): Promise<string[]> {
  const rows = await db
    .selectFrom('conversations')
    .select('id')
    .where('assignee_id', '=', userId)
    .where('status', 'in', openStatuses)
    .where('id', 'not in', keptConversationIds(db, userId, keep))
    .execute();
  return rows.map((row) => row.id);
}

/**
 * ROUTE-7 as ONE set-based UPDATE: every open chat of the agent but the gone-visitor ones they may
 * park (`keep`) is released by the `release` transition: present visitors re-queue, gone ones
 * stay offline, unheld.
 */
export async function releaseAgentConversations(
  db: Db,
  { userId, keep, now }: { userId: string; keep: number; now: string },
): Promise<number> {
  const moves = Object.entries(transitions.release.moves);
  const requeued = moves.filter(([, to]) => to === 'unassigned').map(([from]) => from);
  const statusCase = sql<string>`case ${sql.join(
    moves.map(([from, to]) => sql`when status = ${from} then ${to}`),
    sql` `,
  )} end`;
  const result = await db
    .updateTable('conversations')
    .set({
      status: statusCase,
      assignee_id: null,
      queued_at: sql<string>`case when status in (${sql.join(requeued)}) then ${now} else queued_at end`,
      updated_at: now,
    })
    .where('assignee_id', '=', userId)
    .where('status', 'in', Object.keys(transitions.release.moves))
    .where('id', 'not in', keptConversationIds(db, userId, keep))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Open chats of one agent in one status (limits: active vs active_limit, offline vs offline_limit). */
export async function countAgentConversations(
  db: Db,
  userId: string,
  status: ConversationStatus,
): Promise<number> {
  const row = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('assignee_id', '=', userId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The visitor's newest open chat in a project, if any (a fresh chat is started only when none is). */
export async function findOpenConversationOfVisitor(
  db: Db,
  visitorId: string,
  projectId: string,
): Promise<Conversation | undefined> {
  const qb = db
    .selectFrom('conversations')
    .selectAll()
    .where('visitor_id', '=', visitorId)
    .where('project_id', '=', projectId)
    .where('status', 'in', openStatuses)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc');
  const row = await firstRows(db, qb, 1).executeTakeFirst();
  return row ? conversationRowToConversation(row) : undefined;
}

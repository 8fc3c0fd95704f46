import type { SelectQueryBuilder } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import type { DayTally } from './dashboard.ts';

/**
 * The dashboard's figures (ADMIN-1, docs/decisions/0047). Every query is an index range bounded by
 * the period (at most 31 days) and a cap, never a GROUP BY over the chats of the range:
 * - per day, project and campaign (chats, leads, stages, converted value): the daily tallies the
 *   triggers keep (ADR 0050), at most days × projects × campaigns rows on their primary key;
 * - first response: the newest chats of the period, each with its first staff or AI message
 *   (messages_history_ix, stopping at the first one);
 * - the queue: conversations_queue_ix (status, queued_at, id), oldest first.
 */

interface Range {
  from: string;
  to: string;
}

async function countCapped<T extends keyof Database>(
  db: Db,
  capped: SelectQueryBuilder<Database, T, { id: string }>,
): Promise<number> {
  const row = await db
    .selectFrom(capped.as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The tallies of the days `from`..`to` (YYYY-MM-DD), on their primary key. */
export async function listDayTallies(db: Db, from: string, to: string): Promise<DayTally[]> {
  const rows = await db
    .selectFrom('daily_tallies')
    .selectAll()
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
  return rows.map((row) => ({
    day: row.day,
    projectId: row.project_id,
    campaign: row.campaign,
    chats: Number(row.chats),
    leads: Number(row.leads),
    qualified: Number(row.qualified),
    notQualified: Number(row.not_qualified),
    converted: Number(row.converted),
    convertedValue: Number(row.converted_value),
  }));
}

/**
 * The newest `limit` chats started in the range with the time of their first message from staff
 * or the AI (null when unanswered): the first-response sample.
 */
export async function listFirstResponses(db: Db, range: Range, limit: number) {
  const query = db
    .selectFrom('conversations')
    .select((eb) => [
      'conversations.created_at',
      firstRows(
        db,
        eb
          .selectFrom('messages')
          .select('messages.created_at')
          .whereRef('messages.conversation_id', '=', 'conversations.id')
          .where('messages.sender_kind', 'in', ['agent', 'admin', 'ai'])
          .orderBy('messages.created_at', 'asc')
          .orderBy('messages.id', 'asc'),
        1,
      ).as('first_response_at'),
    ])
    .where('conversations.created_at', '>=', range.from)
    .where('conversations.created_at', '<=', range.to)
    .orderBy('conversations.created_at', 'desc')
    .orderBy('conversations.id', 'desc');
  const rows = await firstRows(db, query, limit).execute();
  return rows.map((row) => ({
    createdAt: row.created_at,
    firstResponseAt: row.first_response_at === null ? null : String(row.first_response_at),
  }));
}

/** Chats waiting for an agent now, oldest in the queue first (the router's own order). */
export async function listWaitingChats(db: Db, limit: number) {
  const query = db
    .selectFrom('conversations')
    .innerJoin('projects', 'projects.id', 'conversations.project_id')
    .select([
      'conversations.id',
      'conversations.visitor_name',
      'conversations.queued_at',
      'conversations.created_at',
      'projects.title as project_title',
    ])
    .where('conversations.status', '=', 'unassigned')
    .where('conversations.assignee_id', 'is', null)
    .orderBy('conversations.queued_at', 'asc')
    .orderBy('conversations.id', 'asc');
  const rows = await firstRows(db, query, limit).execute();
  return rows.map((row) => ({
    id: row.id,
    visitorName: row.visitor_name,
    projectTitle: row.project_title,
    // A chat enters the queue when it starts; the start stands in for a missing queue time.
    queuedAt: row.queued_at ?? row.created_at,
  }));
}

/** Chats waiting for an agent now, counted up to `cap`. */
export function countWaitingChats(db: Db, cap: number): Promise<number> {
  const query = db
    .selectFrom('conversations')
    .select('conversations.id')
    .where('conversations.status', '=', 'unassigned')
    .where('conversations.assignee_id', 'is', null);
  return countCapped(db, firstRows(db, query, cap));
}

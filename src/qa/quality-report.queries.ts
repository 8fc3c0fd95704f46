import { sql } from 'kysely';
import { AI_AGENT_ID, AI_AGENT_NAME } from '../ai/ai-agent.ts';
import type { Db } from '../db/database.ts';

/** Sums and counts for the quality report (quality-report.ts); means are taken in code. */
export interface ReportRange {
  from?: string | undefined;
  to?: string | undefined;
}

type Tally = { key: string; name: string; isAi: boolean; sum: number; count: number };

const num = (value: unknown): number => Number(value ?? 0);

export async function sumScoresByAgent(db: Db, range: ReportRange): Promise<Tally[]> {
  let query = db
    .selectFrom('qa_scores')
    .leftJoin('users', 'users.id', 'qa_scores.agent_id')
    .select((eb) => [
      'qa_scores.agent_kind',
      'qa_scores.agent_id',
      'users.display_name',
      eb.fn.sum<number>('qa_scores.score').as('total'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['qa_scores.agent_kind', 'qa_scores.agent_id', 'users.display_name']);
  if (range.from) query = query.where('qa_scores.created_at', '>=', range.from);
  if (range.to) query = query.where('qa_scores.created_at', '<=', range.to);
  const rows = await query.execute();
  return rows.map((row) => {
    const isAi = row.agent_kind === 'ai';
    return {
      key: isAi ? AI_AGENT_ID : (row.agent_id ?? ''),
      name: isAi ? AI_AGENT_NAME : (row.display_name ?? 'Removed agent'),
      isAi,
      sum: num(row.total),
      count: num(row.n),
    };
  });
}

export async function sumScoresByProject(db: Db, range: ReportRange): Promise<Tally[]> {
  let query = db
    .selectFrom('qa_scores')
    .innerJoin('conversations', 'conversations.id', 'qa_scores.conversation_id')
    .innerJoin('projects', 'projects.id', 'conversations.project_id')
    .select((eb) => [
      'projects.id',
      'projects.title',
      eb.fn.sum<number>('qa_scores.score').as('total'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['projects.id', 'projects.title']);
  if (range.from) query = query.where('qa_scores.created_at', '>=', range.from);
  if (range.to) query = query.where('qa_scores.created_at', '<=', range.to);
  const rows = await query.execute();
  return rows.map((row) => ({
    key: row.id,
    name: row.title,
    isAi: false,
    sum: num(row.total),
    count: num(row.n),
  }));
}

function ratings(db: Db, range: ReportRange) {
  let query = db.selectFrom('conversations').where('conversations.csat_score', 'is not', null);
  if (range.from) query = query.where('conversations.csat_at', '>=', range.from);
  if (range.to) query = query.where('conversations.csat_at', '<=', range.to);
  return query;
}

/** Ratings by the agent holding the chat when it closed (the AI when it did). */
export async function sumRatingsByAgent(db: Db, range: ReportRange): Promise<Tally[]> {
  const rows = await ratings(db, range)
    .leftJoin('users', 'users.id', 'conversations.assignee_id')
    .select((eb) => [
      'conversations.assignee_id',
      'users.display_name',
      eb.fn.sum<number>('conversations.csat_score').as('total'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['conversations.assignee_id', 'users.display_name'])
    .execute();
  return rows.map((row) => ({
    key: row.assignee_id ?? '',
    name: row.assignee_id === AI_AGENT_ID ? AI_AGENT_NAME : (row.display_name ?? 'Nobody'),
    isAi: row.assignee_id === AI_AGENT_ID,
    sum: num(row.total),
    count: num(row.n),
  }));
}

export async function sumRatingsByProject(db: Db, range: ReportRange): Promise<Tally[]> {
  const rows = await ratings(db, range)
    .innerJoin('projects', 'projects.id', 'conversations.project_id')
    .select((eb) => [
      'projects.id',
      'projects.title',
      eb.fn.sum<number>('conversations.csat_score').as('total'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['projects.id', 'projects.title'])
    .execute();
  return rows.map((row) => ({
    key: row.id,
    name: row.title,
    isAi: false,
    sum: num(row.total),
    count: num(row.n),
  }));
}

/** Day (YYYY-MM-DD) of an ISO instant column; substring(x, 1, 10) reads the same on every dialect. */
const dayOf = (column: string) => sql<string>`substring(${sql.ref(column)}, 1, 10)`;

/** Scores per day, the AI's apart (`isAi`), for the report's weeks. */
export async function sumScoresByDay(db: Db, range: ReportRange) {
  let query = db
    .selectFrom('qa_scores')
    .select((eb) => [
      dayOf('qa_scores.created_at').as('day'),
      'qa_scores.agent_kind',
      eb.fn.sum<number>('qa_scores.score').as('total'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy([dayOf('qa_scores.created_at'), 'qa_scores.agent_kind']);
  if (range.from) query = query.where('qa_scores.created_at', '>=', range.from);
  if (range.to) query = query.where('qa_scores.created_at', '<=', range.to);
  const rows = await query.execute();
  return rows.map((row) => ({
    day: row.day,
    isAi: row.agent_kind === 'ai',
    sum: num(row.total),
    count: num(row.n),
  }));
}

/** Ratings per day and holder at the close; the AI's flagged `isAi` (folded by week in code). */
export async function sumRatingsByDay(db: Db, range: ReportRange) {
  const rows = await ratings(db, range)
    .select((eb) => [
      dayOf('conversations.csat_at').as('day'),
      'conversations.assignee_id',
      eb.fn.sum<number>('conversations.csat_score').as('total'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy([dayOf('conversations.csat_at'), 'conversations.assignee_id'])
    .execute();
  return rows.map((row) => ({
    day: row.day,
    isAi: row.assignee_id === AI_AGENT_ID,
    sum: num(row.total),
    count: num(row.n),
  }));
}

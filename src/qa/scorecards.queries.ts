import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import type { Criterion, GradedAgent, Rubric, Scorecard } from './scorecard.ts';

/** QA-3: rubric versions and scorecards (ADR 0028). JSON columns are parsed only here. */

const rubricOf = (row: { version: number; criteria: string }): Rubric => ({
  version: row.version,
  criteria: JSON.parse(row.criteria) as Criterion[],
});

export async function findLatestRubric(db: Db): Promise<Rubric | undefined> {
  const query = db
    .selectFrom('qa_rubric_versions')
    .select(['version', 'criteria'])
    .orderBy('version', 'desc');
  const row = await firstRows(db, query, 1).executeTakeFirst();
  return row ? rubricOf(row) : undefined;
}

export async function listRubricVersions(db: Db, versions: readonly number[]): Promise<Rubric[]> {
  if (versions.length === 0) return [];
  const rows = await db
    .selectFrom('qa_rubric_versions')
    .select(['version', 'criteria'])
    .where('version', 'in', [...versions])
    .execute();
  return rows.map(rubricOf);
}

/** Fails with a unique violation when another save took this version number first. */
export async function insertRubricVersion(
  db: Db,
  row: { id: string; version: number; criteria: Criterion[]; createdBy: string; now: string },
): Promise<void> {
  await db
    .insertInto('qa_rubric_versions')
    .values({
      id: row.id,
      version: row.version,
      criteria: JSON.stringify(row.criteria),
      created_by: row.createdBy,
      created_at: row.now,
    })
    .execute();
}

type ScoreRow = {
  id: string;
  conversation_id: string;
  reviewer_id: string;
  reviewer_name: string | null;
  agent_kind: string;
  agent_id: string | null;
  score: number;
  rubric: string | null;
  rubric_version: number | null;
  comment: string | null;
  created_at: string;
};

const scorecardOf = (row: ScoreRow): Scorecard => ({
  id: row.id,
  conversationId: row.conversation_id,
  reviewerId: row.reviewer_id,
  reviewerName: row.reviewer_name,
  agent: row.agent_kind === 'ai' || !row.agent_id ? { kind: 'ai' } : { kind: 'agent', id: row.agent_id },
  score: row.score,
  rubricVersion: row.rubric_version,
  marks: row.rubric ? (JSON.parse(row.rubric) as Record<string, number>) : {},
  comment: row.comment,
  createdAt: row.created_at,
});

function scoresWithReviewer(db: Db) {
  return db
    .selectFrom('qa_scores')
    .leftJoin('users', 'users.id', 'qa_scores.reviewer_id')
    .select([
      'qa_scores.id',
      'qa_scores.conversation_id',
      'qa_scores.reviewer_id',
      'users.display_name as reviewer_name',
      'qa_scores.agent_kind',
      'qa_scores.agent_id',
      'qa_scores.score',
      'qa_scores.rubric',
      'qa_scores.rubric_version',
      'qa_scores.comment',
      'qa_scores.created_at',
    ]);
}

export async function listChatScorecards(db: Db, conversationId: string): Promise<Scorecard[]> {
  const rows = await scoresWithReviewer(db)
    .where('qa_scores.conversation_id', '=', conversationId)
    .orderBy('qa_scores.created_at', 'desc')
    .orderBy('qa_scores.id', 'desc')
    .execute();
  return rows.map(scorecardOf);
}

/** An agent's own scorecards, newest first, with the chat's visitor for context. */
export async function listAgentScorecards(
  db: Db,
  agentId: string,
  limit: number,
): Promise<Array<Scorecard & { visitorName: string | null }>> {
  const query = scoresWithReviewer(db)
    .innerJoin('conversations', 'conversations.id', 'qa_scores.conversation_id')
    .select('conversations.visitor_name')
    .where('qa_scores.agent_kind', '=', 'agent')
    .where('qa_scores.agent_id', '=', agentId)
    .orderBy('qa_scores.created_at', 'desc')
    .orderBy('qa_scores.id', 'desc');
  const rows = await firstRows(db, query, limit).execute();
  return rows.map((row) => ({ ...scorecardOf(row), visitorName: row.visitor_name }));
}

/**
 * One scorecard per reviewer and chat (qa_scores_conversation_reviewer_uq): re-scoring replaces
 * the marks and keeps the row's id. Run in a transaction (the service does).
 */
export async function upsertScorecard(
  db: Db,
  card: {
    id: string;
    conversationId: string;
    reviewerId: string;
    agent: GradedAgent;
    score: number;
    rubricVersion: number;
    marks: Record<string, number>;
    comment: string | null;
    now: string;
  },
): Promise<void> {
  const values = {
    agent_kind: card.agent.kind,
    agent_id: card.agent.kind === 'agent' ? card.agent.id : null,
    score: card.score,
    rubric_version: card.rubricVersion,
    rubric: JSON.stringify(card.marks),
    comment: card.comment,
    created_at: card.now,
  };
  const updated = await db
    .updateTable('qa_scores')
    .set(values)
    .where('conversation_id', '=', card.conversationId)
    .where('reviewer_id', '=', card.reviewerId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await db
    .insertInto('qa_scores')
    .values({ id: card.id, conversation_id: card.conversationId, reviewer_id: card.reviewerId, ...values })
    .execute();
}

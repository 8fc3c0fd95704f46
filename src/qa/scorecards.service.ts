import { isAiAgent } from '../ai/ai-agent.ts';
import { findConversationById } from '../conversations/conversations.queries.ts';
import { isUniqueViolation, writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import {
  type CriterionInput,
  type GradedAgent,
  meanOf,
  pickCriteria,
  type Rubric,
  type RubricProblem,
  type Scorecard,
  scoreOf,
} from './scorecard.ts';
import {
  findLatestRubric,
  insertRubricVersion,
  listAgentScorecards,
  listChatScorecards,
  listRubricVersions,
  upsertScorecard,
} from './scorecards.queries.ts';

/** QA-3 scorecards (ADR 0028): the rubric admins edit, the scorecards QA gives. */
type ScoreDeps = Pick<Deps, 'db' | 'clock' | 'ids'>;

export const loadRubric = (deps: Pick<Deps, 'db'>) => findLatestRubric(deps.db);

/** Saves the rows as the next version; scores given under earlier versions keep theirs. */
export async function saveRubric(
  deps: ScoreDeps,
  input: { rows: CriterionInput[]; actorId: string },
): Promise<Result<Rubric, RubricProblem | 'conflict'>> {
  const criteria = pickCriteria(input.rows);
  if (!criteria.ok) return criteria;
  const latest = await findLatestRubric(deps.db);
  const version = (latest?.version ?? 0) + 1;
  try {
    await insertRubricVersion(deps.db, {
      id: deps.ids.next(),
      version,
      criteria: criteria.value,
      createdBy: input.actorId,
      now: toIso(deps.clock.now()),
    });
  } catch (error) {
    // Two admins saved at once: the other one's version stands, this one is shown the new rubric.
    if (isUniqueViolation(error)) return fail('conflict');
    throw error;
  }
  return ok({ version, criteria: criteria.value });
}

/** A chat's scorecards, with each version they were given under (to label their marks). */
export async function loadChatScorecards(deps: Pick<Deps, 'db'>, conversationId: string) {
  const [rubric, cards] = await Promise.all([
    findLatestRubric(deps.db),
    listChatScorecards(deps.db, conversationId),
  ]);
  const versions = [
    ...new Set(cards.flatMap((card) => (card.rubricVersion === null ? [] : [card.rubricVersion]))),
  ];
  const rubrics = await listRubricVersions(deps.db, versions);
  return { rubric, cards, rubrics: Object.fromEntries(rubrics.map((r) => [r.version, r])) };
}

export type ScoreRefusal =
  | 'not_found'
  | 'no_rubric'
  | 'stale_rubric'
  | 'no_agent'
  | 'missing_mark'
  | 'bad_mark';

/** The agent a chat's score grades: whoever holds it now (the AI when it does). */
function gradedAgentOf(assigneeId: string | null): GradedAgent | undefined {
  if (!assigneeId) return undefined;
  return isAiAgent(assigneeId) ? { kind: 'ai' } : { kind: 'agent', id: assigneeId };
}

/** QA grades a chat under the current rubric (the form names the version it showed). */
export async function scoreChat(
  deps: ScoreDeps,
  input: {
    conversationId: string;
    reviewerId: string;
    rubricVersion: number;
    marks: Record<string, number>;
    comment: string | null;
  },
): Promise<Result<Pick<Scorecard, 'score' | 'agent'>, ScoreRefusal>> {
  const [conversation, rubric] = await Promise.all([
    findConversationById(deps.db, input.conversationId),
    findLatestRubric(deps.db),
  ]);
  if (!conversation) return fail('not_found');
  if (!rubric) return fail('no_rubric');
  if (rubric.version !== input.rubricVersion) return fail('stale_rubric');
  const agent = gradedAgentOf(conversation.assigneeId);
  if (!agent) return fail('no_agent');
  const score = scoreOf(rubric, input.marks);
  if (!score.ok) return score;
  const card = {
    id: deps.ids.next(),
    conversationId: conversation.id,
    reviewerId: input.reviewerId,
    agent,
    score: score.value,
    rubricVersion: rubric.version,
    marks: input.marks,
    comment: input.comment,
    now: toIso(deps.clock.now()),
  };
  await writeTransaction(deps.db, (trx) => upsertScorecard(trx, card));
  return ok({ score: score.value, agent });
}

/** The agent's own scorecards, read-only (QA-3), with their versions and the mean. */
export async function loadMyScorecards(deps: Pick<Deps, 'db'>, agentId: string) {
  const cards = await listAgentScorecards(deps.db, agentId, 100);
  const versions = [
    ...new Set(cards.flatMap((card) => (card.rubricVersion === null ? [] : [card.rubricVersion]))),
  ];
  const rubrics = await listRubricVersions(deps.db, versions);
  return {
    cards,
    rubrics: Object.fromEntries(rubrics.map((r) => [r.version, r])),
    average: meanOf(cards.map((card) => card.score)),
  };
}

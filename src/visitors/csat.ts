/**
 * CSAT (BEYOND-5): when a person closes a chat, its visitor is asked once for a 1–5 rating and an
 * optional comment. Chats nobody closed by hand (closed_by null: automatic closes) are not asked.
 * Staff may close "without survey" (csat_skipped). One rating per chat: the first one stored stands (a compare-and-set on csat_score IS NULL).
 */
export const CSAT_SCORES = [1, 2, 3, 4, 5] as const;
export const MAX_CSAT_COMMENT = 1000;

export type CsatState =
  | { state: 'not_closed' }
  | { state: 'not_asked' }
  | { state: 'open' }
  | { state: 'rated'; score: number; comment: string | null };

export interface CsatFacts {
  status: string;
  closedBy: string | null;
  /** Staff closed it "without survey". */
  surveySkipped: boolean;
  csatScore: number | null;
  csatComment: string | null;
}

export function csatStateOf(facts: CsatFacts): CsatState {
  if (facts.csatScore !== null) return { state: 'rated', score: facts.csatScore, comment: facts.csatComment };
  if (facts.status !== 'closed') return { state: 'not_closed' };
  if (facts.closedBy === null || facts.surveySkipped) return { state: 'not_asked' };
  return { state: 'open' };
}

export const isCsatScore = (value: unknown): value is (typeof CSAT_SCORES)[number] =>
  CSAT_SCORES.includes(value as (typeof CSAT_SCORES)[number]);

/** The rating as staff see it on the chat, or null when none was given. */
export const ratingOf = (facts: Pick<CsatFacts, 'csatScore' | 'csatComment'>) =>
  facts.csatScore === null ? null : { score: facts.csatScore, comment: facts.csatComment };

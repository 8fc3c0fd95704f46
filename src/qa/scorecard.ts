import { fail, ok, type Result } from '../shared/result.ts';

/**
 * QA-3 scorecards (ADR 0028). A rubric is a list of criteria with integer weights, marked 1–5; it
 * is versioned, one version per saved change, and a score keeps the version it was given under, so
 * an old score keeps its meaning after the rubric changes. A scorecard's total is the weighted
 * mean of its marks, stored in hundredths (1.00–5.00 → 100–500) so sums and averages stay exact.
 */
export const MARKS = [1, 2, 3, 4, 5] as const;
export type Mark = (typeof MARKS)[number];

export const MAX_CRITERIA = 12;
export const MAX_WEIGHT = 100;
export const MAX_LABEL = 80;
export const MAX_COMMENT = 2000;

export interface Criterion {
  /** Stable within its version: c1, c2, … in the order shown. */
  key: string;
  label: string;
  weight: number;
}

export interface Rubric {
  version: number;
  criteria: Criterion[];
}

/** What an admin typed: rows of label and weight, blank rows ignored. */
export interface CriterionInput {
  label: string;
  weight: string;
}

export type RubricProblem = 'no_criteria' | 'too_many' | 'label_too_long' | 'duplicate_label' | 'bad_weight';

/** The criteria of a new version from the form's rows, or why they cannot be saved. */
export function pickCriteria(rows: readonly CriterionInput[]): Result<Criterion[], RubricProblem> {
  const filled = rows
    .map((row) => ({ label: row.label.trim(), weight: row.weight.trim() }))
    .filter((row) => row.label !== '' || row.weight !== '');
  if (filled.length === 0) return fail('no_criteria');
  if (filled.length > MAX_CRITERIA) return fail('too_many');
  const seen = new Set<string>();
  const criteria: Criterion[] = [];
  for (const [index, row] of filled.entries()) {
    if (row.label === '' || row.label.length > MAX_LABEL) return fail('label_too_long');
    if (seen.has(row.label.toLowerCase())) return fail('duplicate_label');
    seen.add(row.label.toLowerCase());
    const weight = Number(row.weight);
    if (!/^\d+$/.test(row.weight) || weight < 1 || weight > MAX_WEIGHT) return fail('bad_weight');
    criteria.push({ key: `c${index + 1}`, label: row.label, weight });
  }
  return ok(criteria);
}

export const isMark = (value: unknown): value is Mark => MARKS.includes(value as Mark);

/** Every criterion needs a mark 1–5; marks for keys outside the rubric are refused. */
export function scoreOf(
  rubric: Rubric,
  marks: Record<string, number>,
): Result<number, 'missing_mark' | 'bad_mark'> {
  const keys = new Set(rubric.criteria.map((c) => c.key));
  if (Object.keys(marks).some((key) => !keys.has(key))) return fail('bad_mark');
  let weighted = 0;
  let weights = 0;
  for (const criterion of rubric.criteria) {
    const mark = marks[criterion.key];
    if (mark === undefined) return fail('missing_mark');
    if (!isMark(mark)) return fail('bad_mark');
    weighted += criterion.weight * mark;
    weights += criterion.weight;
  }
  if (weights === 0) return fail('missing_mark');
  return ok(Math.round((weighted * 100) / weights));
}

/** "4.25" from hundredths. */
export const formatScore = (hundredths: number): string => (hundredths / 100).toFixed(2);

/** A mean of hundredths, rounded to hundredths; undefined for none. */
export function meanOf(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  return Math.round(values.reduce((sum, v) => sum + v, 0) / values.length);
}

/** A suggestion for the first version (the admin edits it before saving). */
export const SUGGESTED_CRITERIA: ReadonlyArray<{ label: string; weight: number }> = [
  { label: 'Greeting and tone', weight: 1 },
  { label: 'Understood the need', weight: 2 },
  { label: 'Correct answer', weight: 3 },
  { label: 'Next step agreed', weight: 2 },
];

/** Who a scorecard grades: the agent holding the chat, or the AI. */
export type GradedAgent = { kind: 'agent'; id: string } | { kind: 'ai' };

export interface Scorecard {
  id: string;
  conversationId: string;
  reviewerId: string;
  reviewerName: string | null;
  agent: GradedAgent;
  score: number;
  rubricVersion: number | null;
  marks: Record<string, number>;
  comment: string | null;
  createdAt: string;
}

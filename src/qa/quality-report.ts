import { weekOf } from './review-queue.ts';

/**
 * The quality report (QA-3, BEYOND-5): reviewer scores and visitor ratings kept apart, each with
 * its count, per agent (the AI as its own agent) and per project, over a date range. Scores count
 * by when they were given, ratings by when the visitor gave them.
 */
export interface QualityTally {
  /** Sum of scorecard totals in hundredths, and how many. */
  scoreSum: number;
  scoreCount: number;
  /** Sum of 1–5 ratings, and how many. */
  csatSum: number;
  csatCount: number;
}

export interface QualityRow extends QualityTally {
  key: string;
  name: string;
  isAi: boolean;
}

export interface QualityReport {
  agents: QualityRow[];
  projects: QualityRow[];
  total: QualityTally;
  weeks: WeekRow[];
}

export const EMPTY_TALLY: QualityTally = { scoreSum: 0, scoreCount: 0, csatSum: 0, csatCount: 0 };

/** Mean score in hundredths (1.00–5.00 → 100–500), or undefined with no score. */
export const meanScore = (t: QualityTally): number | undefined =>
  t.scoreCount === 0 ? undefined : Math.round(t.scoreSum / t.scoreCount);

/** Mean rating to two decimals, or undefined with no rating. */
export const meanCsat = (t: QualityTally): number | undefined =>
  t.csatCount === 0 ? undefined : Math.round((t.csatSum * 100) / t.csatCount) / 100;

/** Merges score and rating tallies by key, sorted by name (the AI last). */
export function mergeTallies(
  scores: ReadonlyArray<{ key: string; name: string; isAi: boolean; sum: number; count: number }>,
  ratings: ReadonlyArray<{ key: string; name: string; isAi: boolean; sum: number; count: number }>,
): QualityRow[] {
  const rows = new Map<string, QualityRow>();
  const row = (r: { key: string; name: string; isAi: boolean }) => {
    let found = rows.get(r.key);
    if (!found) {
      found = { key: r.key, name: r.name, isAi: r.isAi, ...EMPTY_TALLY };
      rows.set(r.key, found);
    }
    return found;
  };
  for (const s of scores) Object.assign(row(s), { scoreSum: s.sum, scoreCount: s.count });
  for (const r of ratings) Object.assign(row(r), { csatSum: r.sum, csatCount: r.count });
  return [...rows.values()].sort((a, b) => Number(a.isAi) - Number(b.isAi) || a.name.localeCompare(b.name));
}

export function totalOf(rows: readonly QualityTally[]): QualityTally {
  return rows.reduce(
    (t, r) => ({
      scoreSum: t.scoreSum + r.scoreSum,
      scoreCount: t.scoreCount + r.scoreCount,
      csatSum: t.csatSum + r.csatSum,
      csatCount: t.csatCount + r.csatCount,
    }),
    EMPTY_TALLY,
  );
}

export interface DayTally {
  day: string;
  isAi: boolean;
  sum: number;
  count: number;
}

/** One week of the report: everyone, and the AI alone ("for the AI over time"). */
export interface WeekRow {
  week: string;
  all: QualityTally;
  ai: QualityTally;
}

/** Day tallies folded into UTC weeks (Monday first), newest week first. */
export function weeklyRows(scores: readonly DayTally[], ratings: readonly DayTally[]): WeekRow[] {
  const weeks = new Map<string, WeekRow>();
  const add = (day: DayTally, field: 'score' | 'csat') => {
    const week = weekOf(new Date(`${day.day}T00:00:00.000Z`)).start;
    const row = weeks.get(week) ?? { week, all: { ...EMPTY_TALLY }, ai: { ...EMPTY_TALLY } };
    for (const tally of day.isAi ? [row.all, row.ai] : [row.all]) {
      if (field === 'score') {
        tally.scoreSum += day.sum;
        tally.scoreCount += day.count;
      } else {
        tally.csatSum += day.sum;
        tally.csatCount += day.count;
      }
    }
    weeks.set(week, row);
  };
  for (const day of scores) add(day, 'score');
  for (const day of ratings) add(day, 'csat');
  return [...weeks.values()].sort((a, b) => b.week.localeCompare(a.week));
}

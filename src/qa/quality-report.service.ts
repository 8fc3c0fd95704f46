import type { Deps } from '../deps.ts';
import {
  type ReportRange,
  sumRatingsByAgent,
  sumRatingsByDay,
  sumRatingsByProject,
  sumScoresByAgent,
  sumScoresByDay,
  sumScoresByProject,
} from './quality-report.queries.ts';
import { mergeTallies, type QualityReport, totalOf, weeklyRows } from './quality-report.ts';

/** The quality report over a range of instants (inclusive). */
export async function loadQualityReport(deps: Pick<Deps, 'db'>, range: ReportRange): Promise<QualityReport> {
  const [scoresByAgent, ratingsByAgent, scoresByProject, ratingsByProject, scoreDays, ratingDays] =
    await Promise.all([
      sumScoresByAgent(deps.db, range),
      sumRatingsByAgent(deps.db, range),
      sumScoresByProject(deps.db, range),
      sumRatingsByProject(deps.db, range),
      sumScoresByDay(deps.db, range),
      sumRatingsByDay(deps.db, range),
    ]);
  const agents = mergeTallies(scoresByAgent, ratingsByAgent);
  return {
    agents,
    projects: mergeTallies(scoresByProject, ratingsByProject),
    total: totalOf(agents),
    weeks: weeklyRows(scoreDays, ratingDays),
  };
}

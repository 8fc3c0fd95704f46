import type { Deps } from '../deps.ts';
import { listClosedChatsBetween } from './qa.queries.ts';
import { sampleForReview, weekOf } from './review-queue.ts';

/** At most this many closed chats a week are sampled from (the queue says when it is reached). */
export const REVIEW_POPULATION_CAP = 5000;

/** The week's sample per agent (QA-3); `day` is any day of the week, today by default. */
export async function loadReviewQueue(deps: Pick<Deps, 'db' | 'clock' | 'config'>, day?: string) {
  const week = weekOf(day ? new Date(`${day}T00:00:00.000Z`) : deps.clock.now());
  const chats = await listClosedChatsBetween(deps.db, week, REVIEW_POPULATION_CAP);
  const perAgent = deps.config.qaReviewSample;
  return {
    week,
    perAgent,
    capped: chats.length >= REVIEW_POPULATION_CAP,
    agents: sampleForReview(chats, perAgent, week.start),
  };
}

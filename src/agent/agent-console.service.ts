import type { Deps } from '../deps.ts';
import { dayOf } from '../shared/clock.ts';
import { listFollowUpsDue } from './agent-console.queries.ts';
import type { FollowUp } from './agent-console.ts';

const FOLLOW_UPS_SHOWN = 50;

/** AGENT-7: follow-ups due today (and overdue ones, so nothing slips) for the agent's dashboard. */
export async function followUpsDue(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
): Promise<{ today: string; items: FollowUp[] }> {
  const today = dayOf(deps.clock.now());
  return { today, items: await listFollowUpsDue(deps.db, userId, today, FOLLOW_UPS_SHOWN) };
}

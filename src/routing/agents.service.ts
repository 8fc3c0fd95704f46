import { findUserById } from '../auth/users.queries.ts';
import { writeTransaction } from '../db/dialect.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { MAX_CHAT_LIMIT } from './eligibility.ts';
import { updateAgentActivity, updateAgentBreak, updateAgentLimits } from './routing.queries.ts';
import { drainQueue, type RoutingDeps } from './routing.service.ts';

/** ROUTE-10: on break an agent stays online and keeps their chats but gets no new ones. */
export async function setBreak(
  deps: RoutingDeps,
  userId: string,
  onBreak: boolean,
): Promise<Result<{ onBreak: boolean }, 'not_found'>> {
  const user = await findUserById(deps.db, userId);
  if (!user) return fail('not_found');
  const changed = await writeTransaction(deps.db, (trx) =>
    updateAgentBreak(trx, userId, onBreak, toIso(deps.clock.now())),
  );
  if (changed && !onBreak) await drainQueue(deps, { freedAgentId: userId });
  if (changed) deps.log.info('routing.break_changed', { userId, onBreak });
  return ok({ onBreak });
}

/** ROUTE-9: the console's background heartbeat (and any agent action) counts as activity. */
export async function recordHeartbeat(deps: RoutingDeps, userId: string): Promise<void> {
  await writeTransaction(deps.db, (trx) => updateAgentActivity(trx, userId, toIso(deps.clock.now())));
}

/** ROUTE-5: per-agent limits, edited by admin/manager; a raised limit drains the queue at once. */
export async function setAgentLimits(
  deps: RoutingDeps,
  input: { userId: string; activeLimit: number; offlineLimit: number },
): Promise<Result<{ activeLimit: number; offlineLimit: number }, 'not_found' | 'invalid_limit'>> {
  const { activeLimit, offlineLimit } = input;
  const valid = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_CHAT_LIMIT;
  if (!valid(activeLimit) || !valid(offlineLimit)) return fail('invalid_limit');
  const updated = await writeTransaction(deps.db, (trx) =>
    updateAgentLimits(trx, input.userId, { activeLimit, offlineLimit }, toIso(deps.clock.now())),
  );
  if (!updated) return fail('not_found');
  await drainQueue(deps, { freedAgentId: input.userId });
  return ok({ activeLimit, offlineLimit });
}

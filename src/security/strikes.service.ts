import type { Deps } from '../deps.ts';
import { addMs, toIso } from '../shared/clock.ts';
import { insertIpBlock } from './ip-blocks.queries.ts';

const MINUTE = 60_000;

/** SEC-2: N events from one address within the window block it for the duration. */
export const strikeRules = {
  failed_login: { limit: 5, windowMs: 10 * MINUTE, blockMs: 30 * MINUTE },
  non_browser: { limit: 50, windowMs: 10 * MINUTE, blockMs: 60 * MINUTE },
  bad_upload: { limit: 8, windowMs: 10 * MINUTE, blockMs: 120 * MINUTE },
  rate_limited: { limit: 5, windowMs: 10 * MINUTE, blockMs: 20 * MINUTE },
} as const satisfies Record<string, { limit: number; windowMs: number; blockMs: number }>;

export type StrikeRule = keyof typeof strikeRules;

export type StrikeDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'counters' | 'blocks'>;

/**
 * Counts one strike against an address; the Nth inside the window writes a temporary block
 * (persisted, so it survives restarts and reaches every instance). The counter refuses events
 * beyond N, so exactly one caller, on any instance, sees the Nth. The count is not reset: every
 * block outlasts its window, so the old strikes have aged out when the block ends, and a burst
 * still in flight while the block is written cannot count to N again.
 */
export async function recordStrike(
  deps: StrikeDeps,
  ip: string,
  rule: StrikeRule,
): Promise<{ blocked: boolean }> {
  const { limit, windowMs, blockMs } = strikeRules[rule];
  const now = deps.clock.now();
  const key = `strike:${rule}:${ip}`;
  const taken = await deps.counters.take(key, { limit, windowMs }, now.getTime());
  if (!taken.allowed || taken.count < limit) return { blocked: false };

  await insertIpBlock(deps.db, {
    id: deps.ids.next(),
    ip,
    kind: 'strike',
    rule,
    reason: `${limit} × ${rule} within ${windowMs / MINUTE} min`,
    conversationId: null,
    createdBy: null,
    now: toIso(now),
    expiresAt: toIso(addMs(now, blockMs)),
  });
  await deps.blocks.refresh(ip);
  deps.log.warn('security.strike_block', { ip, rule, minutes: blockMs / MINUTE });
  return { blocked: true };
}

import type { Deps } from '../deps.ts';
import { recordStrike } from './strikes.service.ts';

/** A per-address limit on one public endpoint (SEC-8): `limit` requests per sliding `windowMs`. */
export interface RateLimitSpec {
  /** Names the counter, e.g. 'login', 'chat_start', 'message_send', 'upload', 'web_lead'. */
  rule: string;
  limit: number;
  windowMs: number;
}

export type RateLimitOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Takes one request from the address's allowance (or from `subject`'s, e.g. a visitor token's
 * hash, whatever address it comes from). A refused request counts as a `rate_limited` strike
 * against the address: one that keeps hammering after 429s ends up blocked (SEC-2).
 */
export async function takeRateLimit(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'counters' | 'blocks'>,
  ip: string,
  spec: RateLimitSpec,
  subject: string = ip,
): Promise<RateLimitOutcome> {
  const taken = await deps.counters.take(
    `rate:${spec.rule}:${subject}`,
    { limit: spec.limit, windowMs: spec.windowMs },
    deps.clock.now().getTime(),
  );
  if (taken.allowed) return { allowed: true };
  await recordStrike(deps, ip, 'rate_limited');
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)) };
}

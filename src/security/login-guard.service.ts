import { type SignedIn, signIn } from '../auth/sessions.service.ts';
import type { Deps } from '../deps.ts';
import { fail, ok } from '../shared/result.ts';
import { hasSessionFromIp } from './login-history.queries.ts';
import { recordStrike } from './strikes.service.ts';

const MINUTE = 60_000;

/**
 * Failed logins are counted per address (a strike: 5 in 10 min blocks the address) and per
 * account. Once an account has `threshold` failures in the window, each address it never signed
 * in from gets its own slot of one attempt per `unknownAddressEveryMs` for it, refused before
 * bcrypt. The slot is per address, never shared: 30 attackers spend 30 slots of their own, and the
 * real owner on a fresh address still tries at once (issue 13 item 10). Addresses with a past
 * session are never slowed at all.
 */
export const accountThrottle = {
  windowMs: 15 * MINUTE,
  threshold: 10,
  unknownAddressEveryMs: 30_000,
  /** Counting stops here; only "at least threshold" matters, and memory stays bounded. */
  cap: 1000,
};

export type GuardedSignIn =
  | { ok: true; value: SignedIn }
  | { ok: false; code: 'invalid_credentials' }
  | { ok: false; code: 'account_throttled'; retryAfterSeconds: number };

type GuardDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'counters' | 'blocks'>;

const accountKey = (email: string) => `login-account:${email.trim().toLowerCase()}`;
const slotKey = (email: string, ip: string) => `login-slot:${email.trim().toLowerCase()}:${ip}`;

export async function guardedSignIn(
  deps: GuardDeps,
  input: { email: string; password: string; ip: string; userAgent: string | null },
): Promise<GuardedSignIn> {
  const nowMs = deps.clock.now().getTime();
  const failures = await deps.counters.count(accountKey(input.email), accountThrottle.windowMs, nowMs);
  if (failures >= accountThrottle.threshold && !(await hasSessionFromIp(deps.db, input.email, input.ip))) {
    const slot = await deps.counters.take(
      slotKey(input.email, input.ip),
      { limit: 1, windowMs: accountThrottle.unknownAddressEveryMs },
      nowMs,
    );
    if (!slot.allowed) {
      await recordStrike(deps, input.ip, 'failed_login');
      return { ok: false, code: 'account_throttled', retryAfterSeconds: Math.ceil(slot.retryAfterMs / 1000) };
    }
  }
  const result = await signIn(deps, input);
  if (result.ok) return ok(result.value);
  await deps.counters.take(
    accountKey(input.email),
    { limit: accountThrottle.cap, windowMs: accountThrottle.windowMs },
    nowMs,
  );
  await recordStrike(deps, input.ip, 'failed_login');
  return fail('invalid_credentials');
}

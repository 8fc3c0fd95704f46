import type { Deps } from '../deps.ts';
import { addMs, toIso } from '../shared/clock.ts';
import { hashToken, randomToken } from '../shared/ids.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';
import { findLiveSession, insertSession, revokeSession, updateSessionSeen } from './sessions.queries.ts';
import type { StaffUser } from './staff-user.ts';
import { findUserByEmail, userRowToUser } from './users.queries.ts';

/** Sessions slide: each use within the window extends them up to this idle lifetime. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Avoid a write per request: the expiry is pushed forward at most once per this interval. */
const SESSION_TOUCH_MS = 60 * 1000;

export interface SignedIn {
  token: string;
  user: StaffUser;
}

export async function signIn(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: { email: string; password: string; ip: string | null; userAgent: string | null },
): Promise<Result<SignedIn, 'invalid_credentials'>> {
  const row = await findUserByEmail(deps.db, input.email.trim());
  const passwordOk = await verifyPassword(input.password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !passwordOk || row.is_active !== 1) return fail('invalid_credentials');

  const now = deps.clock.now();
  const token = randomToken();
  await insertSession(deps.db, {
    id: deps.ids.next(),
    userId: row.id,
    tokenHash: hashToken(token),
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 400) ?? null,
    now: toIso(now),
    expiresAt: toIso(addMs(now, SESSION_TTL_MS)),
  });
  return ok({ token, user: userRowToUser(row) });
}

export interface ActiveSession {
  sessionId: string;
  user: StaffUser;
  /** The sliding expiry moved forward on this request: the cookie's lifetime should too. */
  renewed: boolean;
}

/** Resolves a cookie token to its session, refreshing the sliding expiry now and then. */
export async function resolveSession(
  deps: Pick<Deps, 'db' | 'clock'>,
  token: string,
): Promise<ActiveSession | undefined> {
  const now = deps.clock.now();
  const found = await findLiveSession(deps.db, hashToken(token), toIso(now));
  if (!found) return undefined;
  const renewed = now.getTime() - Date.parse(found.lastSeenAt) > SESSION_TOUCH_MS;
  if (renewed) {
    await updateSessionSeen(deps.db, found.sessionId, toIso(now), toIso(addMs(now, SESSION_TTL_MS)));
  }
  return { sessionId: found.sessionId, user: userRowToUser(found.user), renewed };
}

export async function signOut(deps: Pick<Deps, 'db' | 'clock'>, sessionId: string): Promise<void> {
  await revokeSession(deps.db, sessionId, toIso(deps.clock.now()));
}

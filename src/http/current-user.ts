import type { Context } from 'hono';
import type { StaffUser } from '../auth/staff-user.ts';
import type { AppEnv } from './env.ts';
import { AppError } from './errors.ts';

/** The signed-in person of a staff route (`authorize` has already refused anonymous calls). */
export function currentUser(c: Context<AppEnv>): StaffUser {
  const user = c.get('session')?.user;
  if (!user) throw new AppError('auth.required', 401, 'Please sign in again.');
  return user;
}

import type { MiddlewareHandler } from 'hono';
import type { StaffUser } from '../../auth/staff-user.ts';
import type { AppEnv } from '../env.ts';
import { AppError } from '../errors.ts';

/**
 * AGENT-6: Live Chat and CRM Leads are independent per-person permissions, checked on top of the
 * role check (`routePolicy`). Mount on a module router so every route under it is refused when
 * the signed-in person lacks the permission, whatever the client shows.
 */
export type StaffFeature = 'liveChat' | 'crm';

const featureLabel: Record<StaffFeature, string> = { liveChat: 'Live Chat', crm: 'CRM Leads' };

export const hasFeature = (user: StaffUser, feature: StaffFeature): boolean =>
  feature === 'liveChat' ? user.liveChatEnabled : user.crmEnabled;

export function requireFeature(feature: StaffFeature): MiddlewareHandler<AppEnv> {
  return async function requireFeatureMiddleware(c, next) {
    const user = c.get('session')?.user;
    if (!user) throw new AppError('auth.required', 401, 'Please sign in again.');
    if (!hasFeature(user, feature)) {
      throw new AppError(
        'auth.feature_disabled',
        403,
        `${featureLabel[feature]} is not enabled for your account. Ask an admin to turn it on.`,
      );
    }
    await next();
  };
}

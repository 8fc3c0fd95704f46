import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { can, isStaffPath, routePolicy } from '../../auth/policy.ts';
import type { AppEnv } from '../env.ts';
import { AppError, forbidden } from '../errors.ts';

/**
 * Guards every staff route with the capability `routePolicy` names for it (ADMIN-7, SEC-7).
 * Fails closed: a staff route missing from the table is refused for everyone.
 */
export function authorize(): MiddlewareHandler<AppEnv> {
  return async function authorizeMiddleware(c, next) {
    if (!isStaffPath(c.req.path)) return next();
    const handlerRoute = matchedRoutes(c).findLast((route) => route.method !== 'ALL');
    if (!handlerRoute) return next(); // nothing will answer: let it become a 404

    const session = c.get('session');
    if (!session) {
      if (c.req.method === 'GET' && !c.req.header('HX-Request')) {
        return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      }
      throw new AppError('auth.required', 401, 'Please sign in again.');
    }
    const capability = routePolicy[`${handlerRoute.method} ${handlerRoute.path}`];
    if (!capability) {
      c.get('deps').log.error('authorize.route_not_in_policy', {
        requestId: c.get('requestId'),
        route: `${handlerRoute.method} ${handlerRoute.path}`,
      });
      throw forbidden();
    }
    if (!can(session.user.role, capability)) throw forbidden();
    return next();
  };
}

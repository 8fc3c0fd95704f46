import type { MiddlewareHandler } from 'hono';
import { recordStrike } from '../../security/strikes.service.ts';
import { looksLikeBrowser } from '../../security/user-agent.ts';
import type { AppEnv } from '../env.ts';

/**
 * SEC-2: an unauthenticated request without a browser User-Agent is a `non_browser` strike
 * (50 in 10 min block the address). Mounted after the session and after health/static routes,
 * so load-balancer probes and signed-in staff tools are never counted.
 */
export function nonBrowserStrikes(): MiddlewareHandler<AppEnv> {
  return async function nonBrowserStrikesMiddleware(c, next) {
    if (!c.get('session') && !looksLikeBrowser(c.req.header('User-Agent'))) {
      await recordStrike(c.get('deps'), c.get('clientIp'), 'non_browser');
    }
    await next();
  };
}

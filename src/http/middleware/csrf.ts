import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

export interface CsrfOptions {
  /** Paths that take cross-site calls on purpose and check the caller's origin themselves. */
  isExempt?: (path: string) => boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for every state-changing request (SEC-6), failing closed: the browser must say the
 * request is same-origin (Sec-Fetch-Site), or send an Origin equal to ours. No header → refused.
 */
export function csrf({ isExempt = () => false }: CsrfOptions = {}): MiddlewareHandler<AppEnv> {
  return async function csrfMiddleware(c, next) {
    if (SAFE_METHODS.has(c.req.method) || isExempt(c.req.path)) return next();
    const fetchSite = c.req.header('Sec-Fetch-Site');
    const origin = c.req.header('Origin');
    const expected = c.get('deps').config.publicUrl ?? new URL(c.req.url).origin;
    // Browsers set Sec-Fetch-Site themselves and page script cannot forge it; older ones send Origin.
    const sameOrigin = fetchSite !== undefined ? fetchSite === 'same-origin' : origin === expected;
    if (!sameOrigin) {
      c.get('deps').log.warn('csrf.refused', {
        requestId: c.get('requestId'),
        path: c.req.path,
        origin: origin ?? null,
        fetchSite: fetchSite ?? null,
      });
      return c.text('Cross-site request refused', 403);
    }
    return next();
  };
}

import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

/** One JSON line per request (OPS-7): id, method, path, status, duration. No query strings (tokens). */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async function requestLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    c.get('deps').log.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
      userId: c.get('session')?.user.id,
    });
  };
}

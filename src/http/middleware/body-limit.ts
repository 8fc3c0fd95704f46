import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { bodyLimitFor } from '../../security/body-limits.ts';
import type { AppEnv } from '../env.ts';

export interface BodyLimitsOptions {
  limitFor?: (path: string) => number;
}

/**
 * Refuses oversized bodies with 413 before any handler parses them (SEC-8): by Content-Length
 * when given, otherwise by counting the streamed bytes (chunked uploads cannot sneak past).
 */
export function bodyLimits({ limitFor = bodyLimitFor }: BodyLimitsOptions = {}): MiddlewareHandler<AppEnv> {
  return async function bodyLimitsMiddleware(c, next) {
    if (!c.req.raw.body) return next();
    const maxSize = limitFor(c.req.path);
    return bodyLimit({
      maxSize,
      onError: (ctx) => ctx.text(`Request body too large (at most ${maxSize} bytes).`, 413),
    })(c, next);
  };
}

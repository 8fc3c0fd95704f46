import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type BodyLimitRule, bodyLimitFor } from '../../security/body-limits.ts';
import type { AppEnv } from '../env.ts';

export interface BodyLimitsOptions {
  limitFor?: (path: string) => Pick<BodyLimitRule, 'maxBytes' | 'refusal'>;
}

/**
 * Refuses oversized bodies with 413 before any handler parses them (SEC-8): by Content-Length
 * when given, otherwise by counting the streamed bytes (chunked uploads cannot sneak past).
 */
export function bodyLimits({ limitFor = bodyLimitFor }: BodyLimitsOptions = {}): MiddlewareHandler<AppEnv> {
  return async function bodyLimitsMiddleware(c, next) {
    if (!c.req.raw.body) return next();
    const { maxBytes, refusal } = limitFor(c.req.path);
    return bodyLimit({
      maxSize: maxBytes,
      onError: (ctx) =>
        refusal
          ? ctx.json({ ...refusal, maxBytes }, 413)
          : ctx.text(`Request body too large (at most ${maxBytes} bytes).`, 413),
    })(c, next);
  };
}

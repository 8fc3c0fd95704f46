import type { Context, MiddlewareHandler } from 'hono';
import { type RateLimitSpec, takeRateLimit } from '../../security/rate-limit.service.ts';
import type { AppEnv } from '../env.ts';

export interface RateLimitOptions {
  /** The refusal; by default plain text. Retry-After is set before it is called. */
  refuse?: (c: Context<AppEnv>, retryAfterSeconds: number) => Response | Promise<Response>;
}

/**
 * Per-address rate limit for a public endpoint (SEC-8): 429 with Retry-After (seconds) once the
 * allowance is spent; each refusal is a strike. Attach it to the route, before its validator:
 * `.post('/path', rateLimit({ rule: 'chat_start', limit: 10, windowMs: 60_000 }), zValidator(...), …)`.
 */
export function rateLimit(spec: RateLimitSpec, options: RateLimitOptions = {}): MiddlewareHandler<AppEnv> {
  return async function rateLimitMiddleware(c, next) {
    const outcome = await takeRateLimit(c.get('deps'), c.get('clientIp'), spec);
    if (outcome.allowed) return next();
    c.header('Retry-After', String(outcome.retryAfterSeconds));
    if (options.refuse) return options.refuse(c, outcome.retryAfterSeconds);
    return c.text(`Too many requests. Try again in ${outcome.retryAfterSeconds} s.`, 429);
  };
}

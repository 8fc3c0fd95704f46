import type { MiddlewareHandler } from 'hono';
import { peerAddress } from '../client-ip.ts';
import type { AppEnv } from '../env.ts';

/** Puts the caller's address on the context for logs, sessions, blocks and rate limits. */
export function clientIp(): MiddlewareHandler<AppEnv> {
  return async function clientIpMiddleware(c, next) {
    c.set('clientIp', peerAddress(c) ?? '0.0.0.0');
    await next();
  };
}

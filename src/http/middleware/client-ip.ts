import type { MiddlewareHandler } from 'hono';
import { deriveClientIp, type TrustedProxies } from '../../security/client-ip.ts';
import { peerAddress } from '../client-ip.ts';
import type { AppEnv } from '../env.ts';

export interface ClientIpOptions {
  trusted: TrustedProxies;
}

/**
 * Puts the caller's address on the context for blocks, strikes, rate limits, sessions and logs.
 * Pure derivation, no I/O: it runs before the block check, which needs its answer (SEC-4).
 */
export function clientIp({ trusted }: ClientIpOptions): MiddlewareHandler<AppEnv> {
  return async function clientIpMiddleware(c, next) {
    const forwardedFor = c.req.raw.headers.get('X-Forwarded-For');
    c.set(
      'clientIp',
      deriveClientIp({ peer: peerAddress(c), forwardedFor: forwardedFor ? [forwardedFor] : [], trusted }),
    );
    await next();
  };
}

import type { MiddlewareHandler } from 'hono';
import type { IpBlockRegistry } from '../../security/ip-blocks.ts';
import type { AppEnv } from '../env.ts';

export interface BlockFirstOptions {
  blocks: IpBlockRegistry;
}

/**
 * SEC-1: a blocked address gets a bare 403 before anything else runs: no static file, no
 * WebSocket upgrade, no log line, no session lookup, no body read. One in-memory lookup.
 */
export function blockFirst({ blocks }: BlockFirstOptions): MiddlewareHandler<AppEnv> {
  return async function blockFirstMiddleware(c, next) {
    if (blocks.isBlocked(c.get('clientIp'))) return new Response(null, { status: 403 });
    await next();
  };
}

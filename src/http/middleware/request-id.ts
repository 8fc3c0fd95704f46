import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

export interface RequestIdOptions {
  headerName?: string;
  generator?: () => string;
}

const acceptable = /^[A-Za-z0-9._-]{1,64}$/;

/** Reuses a sane incoming X-Request-Id (from a proxy) or makes one, and echoes it back. */
export function requestId({
  headerName = 'X-Request-Id',
  generator = () => crypto.randomUUID(),
}: RequestIdOptions = {}): MiddlewareHandler<AppEnv> {
  return async function requestIdMiddleware(c, next) {
    const incoming = c.req.header(headerName);
    const id = incoming && acceptable.test(incoming) ? incoming : generator();
    c.set('requestId', id);
    c.header(headerName, id);
    await next();
  };
}

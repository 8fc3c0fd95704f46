import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

/** Control characters (NUL above all) have no place in a URL path we serve. */
const hasControlCharacter = (path: string) =>
  [...path].some((ch) => (ch.codePointAt(0) ?? 0) < 0x20 || ch === '\u007f');

/**
 * Refuses request paths that decode to control characters with a plain 400 (SEC-8), before a
 * router or the file system sees them: `Bun.file()` throws on a NUL byte, which was a 500.
 */
export function pathGuard(): MiddlewareHandler<AppEnv> {
  return async function pathGuardMiddleware(c, next) {
    if (hasControlCharacter(c.req.path)) return c.text('Bad request path.', 400);
    await next();
  };
}

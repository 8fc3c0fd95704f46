import type { Context } from 'hono';

/** An htmx request that wants a fragment rather than a whole page (boosted links want pages). */
export function isFragmentRequest(c: Context): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-Boosted') !== 'true';
}

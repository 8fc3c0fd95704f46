import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

/** Below this a gzip frame saves next to nothing (the frame itself is ~20 bytes). */
const MIN_BYTES = 1024;
const COMPRESSIBLE = /^(text\/html|application\/json|image\/svg\+xml)\b/;

/**
 * PERF-4: gzips rendered pages, htmx fragments and JSON for clients that accept it (the visitor
 * page's HTML is ~17 KB, ~5 KB gzipped). Bundled assets arrive pre-gzipped (src/assets) and carry
 * their own Content-Encoding, so they pass through; so do streams and downloads (CSV, PDF), which
 * never have these types. Registered outside secureHeaders, so it compresses the final body,
 * marketing tags included. Level 6: a 17 KB page takes ~0.2 ms.
 */
export function compressPages(): MiddlewareHandler<AppEnv> {
  return async function compressPagesMiddleware(c, next) {
    await next();
    const res = c.res;
    if (c.req.method === 'HEAD' || res.status !== 200 || !res.body) return;
    if (res.headers.has('Content-Encoding') || !COMPRESSIBLE.test(res.headers.get('Content-Type') ?? ''))
      return;
    if (!/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const small = body.byteLength < MIN_BYTES;
    // Hono copies the old response's headers onto the new one: adjust them after the swap.
    c.res = new Response(small ? body : Bun.gzipSync(body, { level: 6 }), res);
    c.res.headers.append('Vary', 'Accept-Encoding');
    if (small) return;
    c.res.headers.set('Content-Encoding', 'gzip');
    c.res.headers.delete('Content-Length');
  };
}

import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

/** Strict CSP for every page we serve (SEC-5): our own scripts only, no inline, no eval. */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), accelerometer=(), gyroscope=(), magnetometer=()';

/**
 * Sets the security headers on every response. A route that may be framed (the visitor page)
 * replaces Content-Security-Policy and drops X-Frame-Options itself.
 */
export function secureHeaders(): MiddlewareHandler<AppEnv> {
  return async function secureHeadersMiddleware(c, next) {
    await next();
    const headers = c.res.headers;
    if (!headers.has('Content-Security-Policy')) {
      headers.set('Content-Security-Policy', STRICT_CSP);
      headers.set('X-Frame-Options', 'DENY');
    }
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    headers.set('Permissions-Policy', PERMISSIONS_POLICY);
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (c.req.url.startsWith('https:')) {
      headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
  };
}

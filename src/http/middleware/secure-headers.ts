import type { MiddlewareHandler } from 'hono';
import { cspSource, parseOriginPattern } from '../../security/origin.ts';
import type { ImageContentType } from '../../security/uploads.ts';
import type { AppEnv } from '../env.ts';
import { applyMarketingTags, type LoadMarketingTags } from './marketing-tags.ts';

/** Every directive but frame-ancestors: our own scripts only, no inline, no eval (SEC-5). */
const BASE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

/** Strict CSP for every page we serve; staff pages can never be framed. */
export const STRICT_CSP = [...BASE_CSP, "frame-ancestors 'none'"].join('; ');

/**
 * The CSP a visitor page (`/p/{slug}`, the widget frame) sets on its own response: the same strict
 * policy, framable by us and by the project's allowed embed origins only (SEC-5). Entries that are
 * not valid origin patterns are dropped, so nothing from the database can add a directive.
 * Usage: `c.header('Content-Security-Policy', visitorPageCsp(project.allowedOrigins))`; the
 * middleware then leaves X-Frame-Options off.
 */
export function visitorPageCsp(allowedOrigins: readonly string[]): string {
  const sources = allowedOrigins.flatMap((text) => {
    const parsed = parseOriginPattern(text);
    return parsed.ok ? [cspSource(parsed.value)] : [];
  });
  return [...BASE_CSP, `frame-ancestors ${["'self'", ...sources].join(' ')}`].join('; ');
}

/**
 * The widget's frame (`/embed/{slug}?host=…`, WID-5): framable by that one host origin only, the
 * one the server checked against the project's allowed origins (a canonical origin, no wildcard).
 */
export function embedPageCsp(hostOrigin: string): string {
  const parsed = parseOriginPattern(hostOrigin);
  const source = parsed.ok && !parsed.value.wildcard ? cspSource(parsed.value) : "'none'";
  return [...BASE_CSP, `frame-ancestors ${source}`].join('; ');
}

/** For an uploaded file: never run as a document, never sniffed into HTML or script. */
export const UPLOADED_FILE_CSP = "default-src 'none'; sandbox";

/**
 * Headers for serving an uploaded image (VIS-5): its checked image type (from inspectImageUpload,
 * never the uploader's claim), nosniff, a sandboxing CSP, same-origin only, private caching.
 */
export function uploadedFileHeaders(contentType: ImageContentType) {
  return {
    'Content-Type': contentType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': UPLOADED_FILE_CSP,
    'Content-Disposition': 'inline',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'private, max-age=86400',
  } as const;
}

export const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), accelerometer=(), gyroscope=(), magnetometer=()';

export interface SecureHeadersOptions {
  /** The admin's marketing tags (ADMIN-6), injected into every full HTML page; none by default. */
  marketingTags?: LoadMarketingTags;
}

/**
 * Sets the security headers on every response. A route that may be framed (the visitor page)
 * replaces Content-Security-Policy and drops X-Frame-Options itself; marketing tags then extend
 * whichever policy the page has (docs/decisions/0006-marketing-tags-and-csp.md).
 */
export function secureHeaders({ marketingTags }: SecureHeadersOptions = {}): MiddlewareHandler<AppEnv> {
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
    // Behind a TLS-terminating proxy the request reaches us as http: PUBLIC_URL says what the
    // browser used. Never over a plain-http deployment, where the header would lock users out.
    if (c.req.url.startsWith('https:') || c.get('deps').config.publicUrl?.startsWith('https:')) {
      headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    if (marketingTags) await applyMarketingTags(c, marketingTags);
  };
}

import type { Context, MiddlewareHandler } from 'hono';
import type { MarketingTags } from '../../settings/marketing-tags.service.ts';
import type { AppEnv } from '../env.ts';
import { isFragmentRequest } from '../fragments.ts';

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

export interface SecureHeadersOptions {
  /** The admin's marketing tags (ADMIN-6), injected into every full HTML page; none by default. */
  marketingTags?: (c: Context<AppEnv>) => Promise<MarketingTags | undefined>;
  /** Per-response nonce for the tags' inline scripts; injectable for tests. */
  nonce?: () => string;
}

const randomNonce = () => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');

/**
 * Sets the security headers on every response. A route that may be framed (the visitor page)
 * replaces Content-Security-Policy and drops X-Frame-Options itself; marketing tags extend
 * whichever policy the page has (docs/decisions/0006-marketing-tags-and-csp.md).
 */
export function secureHeaders({
  marketingTags,
  nonce = randomNonce,
}: SecureHeadersOptions = {}): MiddlewareHandler<AppEnv> {
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
    if (!marketingTags || !isHtmlPage(c)) return;
    const tags = await marketingTags(c);
    if (!tags || (tags.head.trim() === '' && tags.body.trim() === '')) return;
    const tagNonce = nonce();
    // Hono copies the old response's headers onto a replacement: change them here, first.
    headers.set(
      'Content-Security-Policy',
      extendCsp(headers.get('Content-Security-Policy') ?? STRICT_CSP, tagNonce, tags.origins),
    );
    headers.delete('Content-Length');
    c.res = await injectMarketingTags(c.res, tags, tagNonce);
  };
}

/** Whole documents only: htmx fragments, JSON, scripts and files never carry tags. */
const isHtmlPage = (c: Context<AppEnv>) =>
  (c.res.headers.get('Content-Type') ?? '').startsWith('text/html') && !isFragmentRequest(c);

/** Adds the nonce and the tag origins to the directives tags need; everything else stays strict. */
export function extendCsp(csp: string, nonce: string, origins: readonly string[]): string {
  const extra = origins.join(' ');
  const additions: Record<string, string> = {
    'script-src': `'nonce-${nonce}' ${extra}`,
    'style-src': `'nonce-${nonce}'`,
    'connect-src': extra,
    'img-src': extra,
    'frame-src': extra,
  };
  const directives = csp
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  const names = new Set(directives.map((d) => d.split(/\s+/)[0]));
  const extended = directives.map((directive) => {
    const name = directive.split(/\s+/)[0] ?? '';
    const add = additions[name]?.trim();
    return add ? `${directive} ${add}` : directive;
  });
  // frame-src falls back to default-src 'self': name it so tag iframes (GTM noscript) may load.
  if (!names.has('frame-src') && extra) extended.push(`frame-src 'self' ${extra}`);
  return extended.join('; ');
}

/** Snippets go in at the end of <head> and the start of <body>, each <script>/<style> nonced. */
async function injectMarketingTags(res: Response, tags: MarketingTags, nonce: string): Promise<Response> {
  const [head, body] = await Promise.all([withNonce(tags.head, nonce), withNonce(tags.body, nonce)]);
  const rewritten = new HTMLRewriter()
    .on('head', { element: (el) => void el.append(head, { html: true }) })
    .on('body', { element: (el) => void el.prepend(body, { html: true }) })
    .transform(res);
  return new Response(rewritten.body, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}

async function withNonce(snippet: string, nonce: string): Promise<string> {
  if (snippet.trim() === '') return '';
  const setNonce = { element: (el: HTMLRewriterTypes.Element) => void el.setAttribute('nonce', nonce) };
  return new HTMLRewriter()
    .on('script', setNonce)
    .on('style', setNonce)
    .transform(new Response(snippet))
    .text();
}

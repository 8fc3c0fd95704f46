import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { isFragmentRequest } from '../fragments.ts';

/**
 * Marketing tags under the strict CSP (ADMIN-6, docs/decisions/0006-marketing-tags-and-csp.md):
 * the admin's snippets go into every full HTML page with a per-response nonce on their scripts
 * and styles, and the page's CSP grows by that nonce and the admin-listed tag origins only.
 */
export interface PageTags {
  head: string;
  body: string;
  /** Origins the tags load from: added to script-src, connect-src, img-src and frame-src. */
  origins: readonly string[];
}

/** Where the tags come from (the settings module's stored tags, wired in app.tsx). */
export type LoadMarketingTags = (c: Context<AppEnv>) => Promise<PageTags | undefined>;

const randomNonce = () => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');

/** Whole documents only: htmx fragments, JSON, scripts, images and files never carry tags. */
const isHtmlPage = (c: Context<AppEnv>) =>
  (c.res.headers.get('Content-Type') ?? '').startsWith('text/html') && !isFragmentRequest(c);

/** Called by secureHeaders once the page's own CSP is set. */
export async function applyMarketingTags(
  c: Context<AppEnv>,
  load: LoadMarketingTags,
  nonce: () => string = randomNonce,
): Promise<void> {
  if (!isHtmlPage(c)) return;
  const tags = await load(c);
  if (!tags || (tags.head.trim() === '' && tags.body.trim() === '')) return;
  const tagNonce = nonce();
  const headers = c.res.headers;
  // Hono copies the old response's headers onto a replacement: change them here, first.
  const csp = headers.get('Content-Security-Policy') ?? '';
  headers.set('Content-Security-Policy', extendCsp(csp, tagNonce, tags.origins));
  headers.delete('Content-Length');
  c.res = await injectMarketingTags(c.res, tags, tagNonce);
}

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
async function injectMarketingTags(res: Response, tags: PageTags, nonce: string): Promise<Response> {
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

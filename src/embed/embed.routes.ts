import { type Context, Hono } from 'hono';
import { widgetBundle } from '../assets/bundles.ts';
import type { AppEnv } from '../http/env.ts';
import { rateLimit } from '../http/middleware/rate-limit.ts';
import { publicOrigin } from '../http/public-origin.ts';
import { widgetConfigFor } from './embed.service.ts';

/**
 * The widget's public entry points (WID-1, WID-5, WID-6, PERF-4), answered before any session
 * work. `/widget/widget.js` and `/widget/lead-form.js` are the URLs site owners paste: tiny
 * scripts cached for 5 minutes that load the content-hashed bundle (cached for good), so a
 * release reaches every site within minutes while returning visitors download nothing new.
 */
const ENTRY_CACHE = 'public, max-age=300';
/** PROJ-2 / WID-5: config changes (origins, popup, position) reach browsers within 30 s. */
const CONFIG_CACHE = 'private, max-age=30';
/** SEC-8: one call per page view (less with the cache); generous for a whole office behind one address. */
const CONFIG_RATE_LIMIT = { rule: 'widget_config', limit: 600, windowMs: 10 * 60_000 };

/** Public entry → the bundle it starts. */
const ENTRIES = {
  'widget.js': 'widget/loader.js',
  'lead-form.js': 'widget/lead-capture.js',
} as const;

/**
 * The entry script: inserts the versioned bundle with the same data-* attributes, so the bundle
 * reads its settings from its own script element (document.currentScript) like the pasted tag.
 */
const bootstrapOf = (versionedPath: string) =>
  `(function(d){var s=d.currentScript;if(!s)return;var l=d.createElement("script");l.async=true;` +
  `l.src=new URL(${JSON.stringify(versionedPath)},s.src).href;var a=s.attributes;` +
  `for(var i=0;i<a.length;i++)if(a[i].name.indexOf("data-")===0)l.setAttribute(a[i].name,a[i].value);` +
  `(d.head||d.documentElement).appendChild(l)})(document);\n`;

interface Entry {
  body: Uint8Array<ArrayBuffer>;
  gzipped: Uint8Array<ArrayBuffer>;
  etag: string;
}

const entries = new Map<string, Entry>();

async function entryFor(name: keyof typeof ENTRIES): Promise<Entry> {
  const urls = await widgetBundle.urls();
  const url = urls[ENTRIES[name]];
  const cached = entries.get(url);
  if (cached) return cached;
  const body = new TextEncoder().encode(bootstrapOf(url));
  const entry = {
    body,
    gzipped: new Uint8Array(Bun.gzipSync(body, { level: 9 })),
    etag: `"${new Bun.CryptoHasher('sha256').update(body).digest('hex').slice(0, 12)}"`,
  };
  entries.set(url, entry);
  return entry;
}

function sendEntry(c: Context<AppEnv>, { body, gzipped, etag }: Entry) {
  c.header('Cache-Control', ENTRY_CACHE);
  c.header('ETag', etag);
  c.header('Vary', 'Accept-Encoding');
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  if (c.req.header('If-None-Match') === etag) return c.body(null, 304);
  c.header('Content-Type', 'text/javascript; charset=utf-8');
  if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
    c.header('Content-Encoding', 'gzip');
    return c.body(gzipped);
  }
  return c.body(body);
}

export const embedRoutes = new Hono<AppEnv>()
  .get('/widget/widget.js', async (c) => sendEntry(c, await entryFor('widget.js')))
  .get('/widget/lead-form.js', async (c) => sendEntry(c, await entryFor('lead-form.js')))

  // The loader's first call, cross-origin from the host page (CORS for exactly that origin).
  .get('/widget/config', rateLimit(CONFIG_RATE_LIMIT), async (c) => {
    const origin = c.req.header('Origin');
    const result = await widgetConfigFor(c.get('deps'), {
      slug: c.req.query('project') || undefined,
      origin,
      ownOrigin: publicOrigin(c),
    });
    c.header('Vary', 'Origin');
    // The refusal is readable too, so the loader can say why in the host's console.
    if (origin) c.header('Access-Control-Allow-Origin', origin);
    if (!result.ok) {
      c.header('Cache-Control', 'no-store');
      return c.json({ error: result.code }, result.code === 'project.not_found' ? 404 : 403);
    }
    c.header('Cache-Control', CONFIG_CACHE);
    return c.json(result.value);
  });

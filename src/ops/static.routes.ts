import { Hono } from 'hono';
import { serveStatic } from 'hono/bun';
import type { AppEnv } from '../http/env.ts';

/** Vendored browser libraries are served from node_modules, pinned by package.json: no CDN. */
const vendorFiles: Record<string, string> = {
  'htmx.js': 'node_modules/htmx.org/dist/htmx.min.js',
  'alpine-csp.js': 'node_modules/@alpinejs/csp/dist/cdn.min.js',
};

const CACHE = 'public, max-age=3600';

/** The 16/32/48 px icon (static/img/favicon.ico, drawn from favicon.svg), read once. */
let favicon: Promise<ArrayBuffer> | undefined;

export const staticRoutes = new Hono<AppEnv>()
  // Browsers ask the origin for /favicon.ico whatever a page links (tabs, bookmarks, taskbars).
  .get('/favicon.ico', async (c) => {
    favicon ??= Bun.file('static/img/favicon.ico').arrayBuffer();
    c.header('Cache-Control', 'public, max-age=86400');
    c.header('Content-Type', 'image/x-icon');
    return c.body(await favicon);
  })
  .get('/static/vendor/:file', async (c, next) => {
    const file = c.req.param('file');
    // Own keys only: 'constructor' or 'valueOf' must not reach the prototype (found by the fuzzer).
    const path = Object.hasOwn(vendorFiles, file) ? vendorFiles[file] : undefined;
    if (!path) return next();
    c.header('Cache-Control', CACHE);
    return serveStatic({ path })(c, next);
  })
  .use(
    '/static/*',
    serveStatic({
      root: './',
      onFound: (path, c) => {
        c.header('Cache-Control', CACHE);
        // A service worker under /static may control the console pages (AGENT-5, VIS-9).
        if (path.endsWith('/sw.js')) c.header('Service-Worker-Allowed', '/');
      },
    }),
  );

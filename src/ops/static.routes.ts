import { Hono } from 'hono';
import { serveStatic } from 'hono/bun';
import type { AppEnv } from '../http/env.ts';

/** Vendored browser libraries are served from node_modules, pinned by package.json: no CDN. */
const vendorFiles: Record<string, string> = {
  'htmx.js': 'node_modules/htmx.org/dist/htmx.min.js',
  'alpine-csp.js': 'node_modules/@alpinejs/csp/dist/cdn.min.js',
};

const CACHE = 'public, max-age=3600';

export const staticRoutes = new Hono<AppEnv>()
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

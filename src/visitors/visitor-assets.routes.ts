import { type Context, Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { findProjectBySlug } from '../projects/projects.queries.ts';
import { iconSvg, manifestOf, type ProjectRow, themeCss } from './branding.ts';
import { type Asset, type AssetName, visitorAssets } from './visitor-assets.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';

function sendAsset(c: Context<AppEnv>, asset: Asset, versioned: boolean): Response {
  const etag = `"${asset.hash}"`;
  c.header('Cache-Control', versioned ? IMMUTABLE : 'no-cache');
  c.header('ETag', etag);
  c.header('Vary', 'Accept-Encoding');
  if (c.req.header('If-None-Match') === etag) return c.body(null, 304);
  c.header('Content-Type', asset.contentType);
  if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
    c.header('Content-Encoding', 'gzip');
    return c.body(asset.gzipped);
  }
  return c.body(asset.body);
}

async function projectOr404(c: Context<AppEnv>): Promise<ProjectRow | undefined> {
  return findProjectBySlug(c.get('deps').db, c.req.param('slug') ?? '');
}

/**
 * The visitor page's scripts, CSS and service worker (pre-gzipped, content-hashed), and each
 * project's theme stylesheet, icon and manifest (VIS-1, VIS-9). Mounted before the generic
 * /static handler so these paths are always ours.
 */
export const visitorAssetRoutes = new Hono<AppEnv>()
  .get('/static/visitor/:file', async (c, next) => {
    const name = c.req.param('file') as AssetName;
    const asset = (await visitorAssets()).get(name);
    if (!asset) return next();
    if (name === 'sw.js') {
      // Served from /static/visitor/ but allowed to control every project page under /p/.
      c.header('Service-Worker-Allowed', '/p/');
      return sendAsset(c, asset, false);
    }
    return sendAsset(c, asset, c.req.query('v') === asset.hash);
  })
  .get('/p/:slug/theme.css', async (c) => {
    const project = await projectOr404(c);
    if (!project) return c.notFound();
    c.header('Cache-Control', SHORT);
    return c.body(themeCss(project), 200, { 'Content-Type': 'text/css; charset=utf-8' });
  })
  .get('/p/:slug/icon.svg', async (c) => {
    const project = await projectOr404(c);
    if (!project) return c.notFound();
    c.header('Cache-Control', SHORT);
    // Our own drawing, but served like any image: no script may run in it.
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return c.body(iconSvg(project), 200, { 'Content-Type': 'image/svg+xml' });
  })
  .get('/p/:slug/manifest.webmanifest', async (c) => {
    const project = await projectOr404(c);
    if (!project) return c.notFound();
    c.header('Cache-Control', SHORT);
    return c.body(JSON.stringify(manifestOf(project, `/p/${project.slug}`)), 200, {
      'Content-Type': 'application/manifest+json',
    });
  });

import { type Context, Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import type { Asset } from './asset-bundle.ts';
import { bundles } from './bundles.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Answers from memory, pre-gzipped. A URL carrying the asset's own hash (`?v=`) is cached for
 * good; any other request revalidates by ETag (a plain script URL of a staff page, a service
 * worker), so a deploy reaches every page on its next load.
 */
function sendAsset(c: Context<AppEnv>, asset: Asset): Response {
  const etag = `"${asset.hash}"`;
  const versioned = !asset.fixedUrl && c.req.query('v') === asset.hash;
  c.header('Cache-Control', versioned ? IMMUTABLE : 'no-cache');
  c.header('ETag', etag);
  c.header('Vary', 'Accept-Encoding');
  for (const [name, value] of Object.entries(asset.headers)) c.header(name, value);
  if (c.req.header('If-None-Match') === etag) return c.body(null, 304);
  c.header('Content-Type', asset.contentType);
  if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
    c.header('Content-Encoding', 'gzip');
    return c.body(asset.gzipped);
  }
  return c.body(asset.body);
}

/** The browser bundles (src/assets/bundles.ts), mounted before the generic /static handler. */
export const assetRoutes = new Hono<AppEnv>().get('/static/:folder/:file', async (c, next) => {
  const name = `${c.req.param('folder')}/${c.req.param('file')}`;
  const bundle = bundles.find((candidate) => candidate.names.has(name));
  const asset = bundle ? (await bundle.assets()).get(name) : undefined;
  return asset ? sendAsset(c, asset) : next();
});

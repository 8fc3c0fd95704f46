import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { uploadedFileHeaders } from '../http/middleware/secure-headers.ts';
import type { ImageContentType } from '../security/uploads.ts';
import { findProjectIconFile } from './project-icon.service.ts';

const CHECKED_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/**
 * A project's uploaded icon (PROJ-1), public like the page it brands: only as the type it was
 * checked to be, nosniff and sandboxed; its URL carries ?v= so it may be cached.
 */
export const projectIconRoutes = new Hono<AppEnv>().get('/p/:slug/icon', async (c) => {
  const found = await findProjectIconFile(c.get('deps'), c.req.param('slug'));
  if (!found || !CHECKED_TYPES.includes(found.contentType)) return c.notFound();
  const headers = uploadedFileHeaders(found.contentType as ImageContentType);
  return c.body(await found.file.arrayBuffer(), 200, {
    ...headers,
    'Cache-Control': 'public, max-age=86400',
  });
});

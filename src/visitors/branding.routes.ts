import { type Context, Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { findProjectBySlug } from '../projects/projects.queries.ts';
import { iconSvg, manifestOf, type ProjectRow, themeCss } from './branding.ts';

const SHORT = 'public, max-age=300';

async function projectOr404(c: Context<AppEnv>): Promise<ProjectRow | undefined> {
  return findProjectBySlug(c.get('deps').db, c.req.param('slug') ?? '');
}

/** Each project's theme stylesheet, icon and manifest (VIS-1, VIS-9). */
export const brandingRoutes = new Hono<AppEnv>()
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

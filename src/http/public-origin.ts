import type { Context } from 'hono';
import type { AppEnv } from './env.ts';

/** This server's own origin as browsers see it: PUBLIC_URL behind a proxy, else the request's. */
export const publicOrigin = (c: Context<AppEnv>): string =>
  c.get('deps').config.publicUrl ?? new URL(c.req.url).origin;

import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../http/env.ts';

/** Liveness and readiness for load balancers and orchestrators (OPS-6). */
export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .get('/readyz', async (c) => {
    try {
      await sql`select 1 as ok`.execute(c.get('deps').db);
      return c.json({ status: 'ready' });
    } catch (error) {
      c.get('deps').log.error('readyz.database_unreachable', { error });
      return c.json({ status: 'unavailable', reason: 'database' }, 503);
    }
  });

import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../http/env.ts';
import { settlesWithin } from '../shared/in-flight.ts';

/** A readiness probe answers within this, whatever the database does (a probe must not hang). */
export const READY_PROBE_TIMEOUT_MS = 2000;

/** Liveness and readiness for load balancers and orchestrators (OPS-6). */
export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .get('/readyz', async (c) => {
    let failure: unknown = new Error(`no answer within ${READY_PROBE_TIMEOUT_MS} ms`);
    const probe = sql`select 1 as ok`.execute(c.get('deps').db).then(
      () => {
        failure = undefined;
      },
      (error: unknown) => {
        failure = error;
      },
    );
    await settlesWithin(probe, READY_PROBE_TIMEOUT_MS);
    if (failure === undefined) return c.json({ status: 'ready' });
    c.get('deps').log.warn('readyz.database_unreachable', { error: failure });
    c.header('Retry-After', '5');
    return c.json({ status: 'unavailable', reason: 'database' }, 503);
  });

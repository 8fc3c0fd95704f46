import { Hono } from 'hono';
import { ConsoleHome } from '../../views/staff/console-home.tsx';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';

/** Role landing pages; `authorize` has already checked the role against routePolicy. */
export const consoleRoutes = new Hono<AppEnv>();

// The agent console has its own router (src/agent/agent.routes.tsx).
for (const path of ['/admin', '/manager', '/qa']) {
  consoleRoutes.get(path, (c) => {
    const session = c.get('session');
    if (!session) throw new AppError('auth.required', 401, 'Please sign in again.');
    return c.html(<ConsoleHome user={session.user} currentPath={path} />);
  });
}

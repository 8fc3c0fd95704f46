import { Hono } from 'hono';
import { ConsoleHome } from '../../views/staff/console-home.tsx';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';

/** The QA landing page. */
export const consoleRoutes = new Hono<AppEnv>();

// The agent console has its own router (src/agent/agent.routes.tsx); the admin and manager
// dashboards are in src/chats/chats.routes.tsx.
for (const path of ['/qa']) {
  consoleRoutes.get(path, (c) => {
    const session = c.get('session');
    if (!session) throw new AppError('auth.required', 401, 'Please sign in again.');
    return c.html(<ConsoleHome user={session.user} currentPath={path} />);
  });
}

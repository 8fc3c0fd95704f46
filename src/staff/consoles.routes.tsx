import { Hono } from 'hono';
import { ConsoleHome } from '../../views/staff/console-home.tsx';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';

/** The QA landing page. */
export const consoleRoutes = new Hono<AppEnv>();

// The agent console has its own router (src/agent/agent.routes.tsx); the admin and manager
// dashboards are in src/chats/chats.routes.tsx.
for (const path of ['/qa']) {
  consoleRoutes.get(path, (c) => {
    return c.html(<ConsoleHome user={currentUser(c)} currentPath={path} />);
  });
}

import { Hono } from 'hono';
import { ConsoleHome } from '../../views/staff/console-home.tsx';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';

/** Agent and QA landing pages (the admin and manager dashboards are in chats.routes.tsx). */
export const consoleRoutes = new Hono<AppEnv>();

for (const path of ['/agent', '/qa']) {
  consoleRoutes.get(path, (c) => {
    const session = c.get('session');
    if (!session) throw new AppError('auth.required', 401, 'Please sign in again.');
    return c.html(<ConsoleHome user={session.user} currentPath={path} />);
  });
}

import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { BreakToggle } from '../../views/routing/break-toggle.tsx';
import { SESSION_STATUS_PATH } from '../auth/staff-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { isFragmentRequest } from '../http/fragments.ts';
import { recordHeartbeat, setBreak } from './agents.service.ts';

const breakSchema = z.object({ on_break: z.enum(['0', '1']) });

function currentUser(session: AppEnv['Variables']['session']) {
  if (!session) throw new AppError('auth.required', 401, 'Please sign in again.');
  return session.user;
}

/** The agent's own availability: background heartbeat (ROUTE-9) and break toggle (ROUTE-10). */
export const agentStatusRoutes = new Hono<AppEnv>()
  // The console asks this when its socket drops (ADMIN-3), to tell "reconnecting" from "signed
  // out". Outside the staff paths on purpose: a signed-out answer is a 200 with signedIn false,
  // not a 401 the browser would log as an error on every reconnect attempt.
  .get(SESSION_STATUS_PATH, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ signedIn: c.get('session') !== undefined });
  })
  .post('/api/agent/heartbeat', async (c) => {
    await recordHeartbeat(c.get('deps'), currentUser(c.get('session')).id);
    return c.body(null, 204);
  })
  .post(
    '/api/agent/break',
    zValidator('form', breakSchema, (result, c) => {
      if (!result.success) return c.text('on_break: must be 0 or 1', 422);
    }),
    async (c) => {
      const user = currentUser(c.get('session'));
      const result = await setBreak(c.get('deps'), user.id, c.req.valid('form').on_break === '1');
      if (!result.ok) throw new AppError('routing.not_found', 404, 'We could not find your account.');
      c.header('Vary', 'HX-Request');
      if (!isFragmentRequest(c)) return c.redirect('/agent', 303);
      return c.html(<BreakToggle onBreak={result.value.onBreak} />);
    },
  );

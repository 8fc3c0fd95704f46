import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { LoginForm, LoginPage } from '../../views/auth/login-page.tsx';
import type { AppEnv } from '../http/env.ts';
import { isFragmentRequest } from '../http/fragments.ts';
import { clearSessionCookie, setSessionCookie } from '../http/middleware/session.ts';
import { homePath } from './roles.ts';
import { signIn, signOut } from './sessions.service.ts';

const loginSchema = z.object({
  email: z.string().trim().max(254).default(''),
  password: z.string().max(200).default(''),
  next: z.string().max(500).optional(),
});

/** Only same-site paths may be a post-login destination (no open redirect). */
const safeNext = (next: string | undefined): string | undefined =>
  next && /^\/(?![/\\])[\w\-/?=&.%]*$/.test(next) ? next : undefined;

export const authRoutes = new Hono<AppEnv>()
  .get('/login', (c) => {
    const session = c.get('session');
    if (session) return c.redirect(homePath[session.user.role], 303);
    return c.html(<LoginPage next={safeNext(c.req.query('next'))} />);
  })
  .post(
    '/login',
    zValidator('form', loginSchema, (result, c) => {
      if (!result.success) return c.html(<LoginForm error="Enter your email and password." />, 422);
    }),
    async (c) => {
      const form = c.req.valid('form');
      const next = safeNext(form.next);
      const result = await signIn(c.get('deps'), {
        email: form.email,
        password: form.password,
        ip: c.get('clientIp'),
        userAgent: c.req.header('User-Agent') ?? null,
      });
      if (!result.ok) {
        c.get('deps').log.warn('auth.login_failed', { requestId: c.get('requestId'), ip: c.get('clientIp') });
        const form401 = (
          <LoginForm email={form.email} next={next} error="That email and password do not match." />
        );
        return isFragmentRequest(c)
          ? c.html(form401, 422)
          : c.html(
              <LoginPage email={form.email} next={next} error="That email and password do not match." />,
              422,
            );
      }
      setSessionCookie(c, result.value.token, result.value.expiresAt);
      const destination = next ?? homePath[result.value.user.role];
      if (isFragmentRequest(c)) {
        c.header('HX-Redirect', destination);
        return c.body(null, 204);
      }
      return c.redirect(destination, 303);
    },
  )
  .post('/logout', async (c) => {
    const session = c.get('session');
    if (session) await signOut(c.get('deps'), session.sessionId);
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });

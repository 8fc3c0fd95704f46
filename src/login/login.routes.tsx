import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { LoginForm, LoginPage } from '../../views/login/login-page.tsx';
import { homePath } from '../auth/roles.ts';
import { signOut } from '../auth/sessions.service.ts';
import type { AppEnv } from '../http/env.ts';
import { isFragmentRequest } from '../http/fragments.ts';
import { rateLimit } from '../http/middleware/rate-limit.ts';
import { clearSessionCookie, setSessionCookie } from '../http/middleware/session.ts';
import { guardedSignIn } from '../security/login-guard.service.ts';

/** Per address; the strike rule and the per-account throttle sit behind it (SEC-2, SEC-8). */
export const LOGIN_RATE_LIMIT = { rule: 'login', limit: 20, windowMs: 60_000 };

const loginSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

/** Only same-site paths may be a post-login destination (no open redirect). */
const safeNext = (next: string | undefined): string | undefined =>
  next && /^\/(?![/\\])[\w\-/?=&.%]*$/.test(next) ? next : undefined;

export const loginRoutes = new Hono<AppEnv>()
  .get('/login', (c) => {
    const session = c.get('session');
    if (session) return c.redirect(homePath[session.user.role], 303);
    return c.html(<LoginPage next={safeNext(c.req.query('next'))} />);
  })
  .post(
    '/login',
    rateLimit(LOGIN_RATE_LIMIT),
    zValidator('form', loginSchema, (result, c) => {
      if (!result.success) return c.html(<LoginForm error="Enter your email and password." />, 422);
    }),
    async (c) => {
      const form = c.req.valid('form');
      const next = safeNext(form.next);
      const result = await guardedSignIn(c.get('deps'), {
        email: form.email,
        password: form.password,
        ip: c.get('clientIp'),
        userAgent: c.req.header('User-Agent') ?? null,
      });
      if (!result.ok) {
        c.get('deps').log.warn('auth.login_failed', { requestId: c.get('requestId'), ip: c.get('clientIp') });
        const throttled = result.code === 'account_throttled';
        if (throttled) c.header('Retry-After', String(result.retryAfterSeconds));
        const error = throttled
          ? `Too many failed sign-ins for this account. Try again in ${result.retryAfterSeconds} s.`
          : 'That email and password do not match.';
        const props = { email: form.email, next, error };
        const status = throttled ? 429 : 422;
        return isFragmentRequest(c)
          ? c.html(<LoginForm {...props} />, status)
          : c.html(<LoginPage {...props} />, status);
      }
      setSessionCookie(c, result.value.token);
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

import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { resolveSession } from '../../auth/sessions.service.ts';
import type { AppEnv } from '../env.ts';

export const SESSION_COOKIE = 'sid';

/** Loads the staff session named by the cookie, if any; never refuses by itself. */
export function session(): MiddlewareHandler<AppEnv> {
  return async function sessionMiddleware(c, next) {
    const token = getCookie(c, SESSION_COOKIE);
    const active = token && token.length <= 100 ? await resolveSession(c.get('deps'), token) : undefined;
    c.set('session', active);
    await next();
  };
}

const isHttps = (c: Context) =>
  c.req.url.startsWith('https:') || c.get('deps').config.publicUrl?.startsWith('https:') === true;

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: isHttps(c),
    sameSite: 'Lax',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Lax' });
}

import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { resolveSession, SESSION_TTL_MS } from '../../auth/sessions.service.ts';
import type { AppEnv } from '../env.ts';

export const SESSION_COOKIE = 'sid';

/** Loads the staff session named by the cookie, if any; never refuses by itself. */
export function session(): MiddlewareHandler<AppEnv> {
  return async function sessionMiddleware(c, next) {
    const token = getCookie(c, SESSION_COOKIE);
    const active = token && token.length <= 100 ? await resolveSession(c.get('deps'), token) : undefined;
    c.set('session', active);
    await next();
    // Keep the cookie alive as long as the session; unless this response already set or cleared it.
    if (!token || !active?.renewed) return;
    const setCookies = c.res.headers.getSetCookie();
    if (!setCookies.some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))) setSessionCookie(c, token);
  };
}

const isHttps = (c: Context) =>
  c.req.url.startsWith('https:') || c.get('deps').config.publicUrl?.startsWith('https:') === true;

/**
 * Max-Age, not Expires: a lifetime relative to the browser's own clock, so a server or client
 * clock that is off does not end (or stretch) the session in the browser.
 */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: isHttps(c),
    sameSite: 'Lax',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Lax' });
}

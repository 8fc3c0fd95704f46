import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../http/env.ts';
import type { DataLayerEvent } from './data-layer.ts';

/**
 * A stage change answered by a redirect (plain form post, then GET: the CRM lead page) carries its
 * dataLayer event to the next page in a short-lived cookie scoped to that page's path. Taken once.
 * Forging one only fills one's own page's dataLayer; the page renders it as escaped text.
 */
const COOKIE = 'dl_flash';

export function setDataLayerFlash(c: Context<AppEnv>, path: string, event: DataLayerEvent): void {
  setCookie(c, COOKIE, Buffer.from(JSON.stringify([event])).toString('base64url'), {
    path,
    httpOnly: true,
    sameSite: 'Strict',
    secure: c.req.url.startsWith('https:') || c.get('deps').config.publicUrl?.startsWith('https:') === true,
    maxAge: 60,
  });
}

export function takeDataLayerFlash(c: Context<AppEnv>, path: string): DataLayerEvent[] | undefined {
  const value = getCookie(c, COOKIE);
  if (value === undefined) return undefined;
  deleteCookie(c, COOKIE, { path });
  try {
    const events: unknown = JSON.parse(Buffer.from(value.slice(0, 8000), 'base64url').toString('utf8'));
    return Array.isArray(events) ? (events as DataLayerEvent[]) : undefined;
  } catch {
    return undefined;
  }
}

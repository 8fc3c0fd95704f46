import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import { peerAddress } from '../http/client-ip.ts';
import type { AppEnv } from '../http/env.ts';
import { parseIp, type TrustedProxies, trustedProxies } from '../security/client-ip.ts';
import { captureTouch, type Touch } from './attribution.ts';
import { VISITOR_TOKEN_HEADER, visitorCookieName } from './visitor-token.ts';

/** What the visitor routes read from a request: token, body, touch. Transport only, no rules. */

/** Browsers cap cookie lifetimes at 400 days; every visit renews it, so "months later" works. */
const COOKIE_MAX_AGE_S = 400 * 24 * 3600;

const isHttps = (c: Context<AppEnv>) =>
  c.req.url.startsWith('https:') || c.get('deps').config.publicUrl?.startsWith('https:') === true;

/** The project's token: the cookie, or the header a cookie-less iframe sends from localStorage. */
export const visitorTokenOf = (c: Context<AppEnv>, projectId: string): string | undefined =>
  c.req.header(VISITOR_TOKEN_HEADER) ?? getCookie(c, visitorCookieName(projectId));

export function setVisitorCookie(c: Context<AppEnv>, projectId: string, token: string): void {
  const secure = isHttps(c);
  setCookie(c, visitorCookieName(projectId), token, {
    httpOnly: true,
    secure,
    // Inside a widget iframe on a customer's site the cookie is third-party: it needs None+Secure.
    sameSite: secure ? 'None' : 'Lax',
    path: '/',
    maxAge: COOKIE_MAX_AGE_S,
  });
}

export const wantsJson = (c: Context<AppEnv>): boolean =>
  c.req.header('Accept')?.includes('application/json') === true;

/** The body as a plain object: JSON, or a form where repeated keys become arrays (and fail the schema). */
export async function readBody(c: Context<AppEnv>): Promise<Record<string, unknown> | undefined> {
  const type = c.req.header('Content-Type') ?? '';
  try {
    if (type.startsWith('application/json')) {
      const json: unknown = await c.req.json();
      return typeof json === 'object' && json !== null && !Array.isArray(json)
        ? (json as Record<string, unknown>)
        : undefined;
    }
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      return (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const matchers = new WeakMap<Config, TrustedProxies>();

/** Geo headers count only when the TCP peer is one of our proxies (addresses or CIDR ranges). */
function trustedHeaders(c: Context<AppEnv>): Headers | undefined {
  const config = c.get('deps').config;
  let trusted = matchers.get(config);
  if (!trusted) {
    trusted = trustedProxies(config.trustedProxies);
    matchers.set(config, trusted);
  }
  const peer = parseIp(peerAddress(c) ?? '');
  return peer && trusted.contains(peer) ? c.req.raw.headers : undefined;
}

/** The first `_ga_<stream>` cookie (one GA4 stream per site is the common case). */
function gaSessionCookieOf(c: Context<AppEnv>): string | undefined {
  const cookies = getCookie(c);
  const name = Object.keys(cookies).find((key) => /^_ga_[A-Za-z0-9]{1,20}$/.test(key));
  return name === undefined ? undefined : cookies[name];
}

/** The marketing touch of this request (VIS-10): page-supplied fields plus what the request carries. */
export function touchOf(c: Context<AppEnv>, body: Record<string, unknown>): Touch {
  return captureTouch({
    landingUrl: str(body.landing_url) ?? c.req.header('Referer'),
    referrer: str(body.referrer),
    userAgent: c.req.header('User-Agent'),
    language: str(body.language),
    acceptLanguage: c.req.header('Accept-Language'),
    connectionType: str(body.connection_type),
    timeOnPageMs: body.time_on_page_ms,
    // In the widget's frame Meta's cookies are the host site's: the frame forwards them (WID-1).
    fbpCookie: getCookie(c, '_fbp') ?? str(body.fbp),
    fbcCookie: getCookie(c, '_fbc') ?? str(body.fbc),
    // GA4's cookies too: the page is first-party, or the frame forwards them like Meta's.
    gaCookie: getCookie(c, '_ga') ?? str(body.ga),
    gaSessionCookie: gaSessionCookieOf(c) ?? str(body.ga_session),
    ip: c.get('clientIp'),
    trustedHeaders: trustedHeaders(c),
    ipGeo: c.get('deps').geo.lookup(c.get('clientIp')),
    now: c.get('deps').clock.now(),
  });
}

const COUNTRY = /^[A-Z]{2}$/;

/** The visitor's country for the phone selector: trusted CDN headers first, then the local database. */
export const geoCountryOf = (c: Context<AppEnv>): string | null => {
  const headers = trustedHeaders(c);
  const fromHeaders = (
    headers?.get('CF-IPCountry') ?? headers?.get('CloudFront-Viewer-Country')
  )?.toUpperCase();
  if (fromHeaders && COUNTRY.test(fromHeaders) && fromHeaders !== 'XX' && fromHeaders !== 'T1')
    return fromHeaders;
  return c.get('deps').geo.lookup(c.get('clientIp'))?.country ?? null;
};

/** The address of the page the visitor is on, as the public sees it (PUBLIC_URL behind a proxy). */
export function publicUrlOf(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const base = c.get('deps').config.publicUrl;
  return base ? `${base}${url.pathname}${url.search}` : url.href;
}

import { UAParser } from 'ua-parser-js';
import { gaClientIdFromCookie, gaSessionIdFromCookie } from '../tracking/identity.ts';
import type { Geo } from './geo-ip.ts';

/**
 * The marketing touch captured when a chat starts (VIS-10). Pure: the route hands in what the
 * request carried; nothing here throws or refuses, because attribution must never cost a lead.
 * Every value is trimmed to its column's size; junk becomes null.
 *
 * Geo comes from CDN headers when the request reached us through a trusted proxy (anyone can
 * send `CF-IPCountry` directly), else from the local database at GEOIP_DB_PATH when one is
 * configured (docs/decisions/0010, 0033).
 */
export interface TouchInput {
  landingUrl: string | undefined;
  referrer: string | undefined;
  userAgent: string | undefined;
  /** navigator.language from the page, else the first Accept-Language tag. */
  language: string | undefined;
  acceptLanguage: string | undefined;
  connectionType: string | undefined;
  timeOnPageMs: unknown;
  fbpCookie: string | undefined;
  fbcCookie: string | undefined;
  /** The `_ga` cookie: GA4's client id (TRACK-1). */
  gaCookie?: string | undefined;
  /** A `_ga_<stream>` cookie: the GA4 session the chat started in. */
  gaSessionCookie?: string | undefined;
  ip: string;
  /** Request headers when the peer is a trusted proxy, else undefined (no geo from headers). */
  trustedHeaders: Headers | undefined;
  /** The local database's answer for the client address (used when the headers carry no country). */
  ipGeo?: Geo | undefined;
  now: Date;
}

export interface Touch {
  sourceDomain: string | null;
  referrer: string | null;
  landingUrl: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  gclid: string | null;
  gbraid: string | null;
  wbraid: string | null;
  fbclid: string | null;
  fbc: string | null;
  fbp: string | null;
  /** GA4 client id from `_ga` (`<random>.<first visit s>`), for server-side GA4 events. */
  gaClientId: string | null;
  /** GA4 session id from `_ga_<stream>`, so a server event joins the visit's session. */
  gaSessionId: string | null;
  deviceType: string | null;
  osName: string | null;
  osVersion: string | null;
  browserName: string | null;
  browserVersion: string | null;
  language: string | null;
  connectionType: string | null;
  geoCountry: string | null;
  geoRegion: string | null;
  geoCity: string | null;
  timeOnPageMs: number | null;
  ip: string | null;
  userAgent: string | null;
}

const clip = (value: string | null | undefined, max: number): string | null => {
  const trimmed = value?.replace(/\p{Cc}/gu, '').trim();
  return trimmed ? trimmed.slice(0, max) : null;
};

function parseHttpUrl(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;
const CONNECTION_TYPES = new Set(['slow-2g', '2g', '3g', '4g', '5g', 'wifi', 'ethernet', 'cellular']);
const FB_COOKIE = /^fb\.\d\.\d{1,16}\.[A-Za-z0-9_.-]{1,255}$/;
const COUNTRY = /^[A-Z]{2}$/;

function pickLanguage(fromPage: string | undefined, acceptLanguage: string | undefined): string | null {
  const candidate = fromPage?.trim() || acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  return candidate && LANGUAGE_TAG.test(candidate) ? candidate : null;
}

function timeOnPage(value: unknown): number | null {
  const ms = typeof value === 'string' ? Number(value) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return null;
  return Math.min(Math.round(ms), 86_400_000); // a day at most: beyond that it is a stale tab
}

/** CDN geo headers: Cloudflare's, then CloudFront's; decoded (Cloudflare sends city as-is, CloudFront URL-encodes). */
function geoFrom(headers: Headers | undefined): Pick<Touch, 'geoCountry' | 'geoRegion' | 'geoCity'> {
  if (!headers) return { geoCountry: null, geoRegion: null, geoCity: null };
  const country = (headers.get('CF-IPCountry') ?? headers.get('CloudFront-Viewer-Country'))?.toUpperCase();
  const decode = (value: string | null) => {
    try {
      return value ? decodeURIComponent(value) : null;
    } catch {
      return value;
    }
  };
  return {
    geoCountry: country && COUNTRY.test(country) && country !== 'XX' && country !== 'T1' ? country : null,
    geoRegion: clip(
      decode(headers.get('CF-Region') ?? headers.get('CloudFront-Viewer-Country-Region-Name')),
      120,
    ),
    geoCity: clip(decode(headers.get('CF-IPCity') ?? headers.get('CloudFront-Viewer-City')), 120),
  };
}

/** The CDN's headers first (it saw the visitor; our database may be a month old), else the database. */
function geoOf(
  headers: Headers | undefined,
  ipGeo: Geo | undefined,
): Pick<Touch, 'geoCountry' | 'geoRegion' | 'geoCity'> {
  const fromHeaders = geoFrom(headers);
  if (fromHeaders.geoCountry || !ipGeo) return fromHeaders;
  return { geoCountry: ipGeo.country, geoRegion: clip(ipGeo.region, 120), geoCity: clip(ipGeo.city, 120) };
}

export function captureTouch(input: TouchInput): Touch {
  const landing = parseHttpUrl(input.landingUrl);
  const referrer = parseHttpUrl(input.referrer);
  const param = (name: string, max = 255) => clip(landing?.searchParams.get(name), max);
  const fbclid = param('fbclid');
  const ua = input.userAgent ? UAParser(input.userAgent.slice(0, 512)) : undefined;
  // ua-parser leaves desktop devices without a type.
  const deviceType = ua ? (ua.device.type ?? 'desktop') : null;
  const connection = input.connectionType?.trim().toLowerCase();
  const fbcCookie = input.fbcCookie && FB_COOKIE.test(input.fbcCookie) ? input.fbcCookie : null;
  return {
    sourceDomain: clip((referrer ?? landing)?.hostname, 255),
    referrer: clip(referrer?.href, 2000),
    landingUrl: clip(landing?.href, 2000),
    utmSource: param('utm_source'),
    utmMedium: param('utm_medium'),
    utmCampaign: param('utm_campaign'),
    utmTerm: param('utm_term'),
    utmContent: param('utm_content'),
    gclid: param('gclid'),
    gbraid: param('gbraid'),
    wbraid: param('wbraid'),
    fbclid,
    // Meta's click id format: fb.<subdomain index>.<creation time ms>.<fbclid>.
    fbc: fbcCookie ?? (fbclid ? clip(`fb.1.${input.now.getTime()}.${fbclid}`, 300) : null),
    fbp: input.fbpCookie && FB_COOKIE.test(input.fbpCookie) ? input.fbpCookie : null,
    gaClientId: clip(gaClientIdFromCookie(input.gaCookie ?? null), 64),
    gaSessionId: clip(gaSessionIdFromCookie(input.gaSessionCookie ?? null), 32),
    deviceType: clip(deviceType, 20),
    osName: clip(ua?.os.name, 60),
    osVersion: clip(ua?.os.version, 40),
    browserName: clip(ua?.browser.name, 60),
    browserVersion: clip(ua?.browser.version, 40),
    language: clip(pickLanguage(input.language, input.acceptLanguage), 35),
    connectionType: connection && CONNECTION_TYPES.has(connection) ? connection : null,
    ...geoOf(input.trustedHeaders, input.ipGeo),
    timeOnPageMs: timeOnPage(input.timeOnPageMs),
    ip: clip(input.ip, 45),
    userAgent: clip(input.userAgent, 512),
  };
}

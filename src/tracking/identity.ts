import { type CountryCode, getCountries, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { hashToken } from '../shared/ids.ts';

/**
 * What the ad platforms match a lead on: normalised, hashed contact data, Meta's click and browser
 * ids, and GA4's client and session ids from first-party cookies. Pure.
 */

/** SHA-256 as lower-case hex: the digest shared/ids.ts already computes for tokens. */
export const sha256Hex: (text: string) => string = hashToken;

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Meta's rule: trimmed and lower-cased. Anything that is not an address is not sent. */
export function normaliseEmail(raw: string | null): string | null {
  const email = raw?.trim().toLowerCase() ?? '';
  return EMAIL_SHAPE.test(email) ? email : null;
}

const countries = new Set<string>(getCountries());

/**
 * Meta's rule: digits only, with the country code, no `+` and no leading zeros (7–15 digits, as
 * Meta's own SDK normalises). E.164 from libphonenumber (the visitor form's library) gives exactly
 * that once the `+` is dropped. A number without its country code needs `country`; without one a
 * leading `00` is read as the international prefix, and bare digits as already carrying the code.
 * A number that does not parse as a valid phone number is not sent.
 */
export function normalisePhone(raw: string | null, country: string | null = null): string | null {
  const input = raw?.trim() ?? '';
  if (input === '' || input.length > 40) return null;
  const region = country && countries.has(country) ? (country as CountryCode) : undefined;
  const text = region || input.startsWith('+') ? input : `+${input.replace(/^\D*00/, '')}`;
  const parsed = parsePhoneNumberFromString(text, region);
  if (!parsed?.isValid()) return null;
  const digits = parsed.number.slice(1);
  return /^[1-9]\d{6,14}$/.test(digits) ? digits : null;
}

export interface ContactHashes {
  /** sha256 of the normalised email, or null when there is none. */
  email: string | null;
  /** sha256 of the normalised phone, or null when there is none. */
  phone: string | null;
}

/** Computed on the server only: the browser receives the hashes, never a hashing step to get wrong. */
export function hashContact(
  email: string | null,
  phone: string | null,
  country: string | null,
): ContactHashes {
  const normalEmail = normaliseEmail(email);
  const normalPhone = normalisePhone(phone, country);
  return {
    email: normalEmail ? sha256Hex(normalEmail) : null,
    phone: normalPhone ? sha256Hex(normalPhone) : null,
  };
}

const FBCLID = /^[\x21-\x7e]{1,500}$/;

/**
 * Meta's click id, `fb.1.<ms of first capture>.<fbclid>`: `1` is the subdomain index of a cookie
 * set on the registrable domain. The fbclid is case-sensitive and goes in exactly as it came: never
 * re-encoded, trimmed inside or lower-cased. Null when it is empty or not printable ASCII.
 */
export function buildFbc(fbclid: string, firstCapturedAtMs: number): string | null {
  if (!FBCLID.test(fbclid) || !Number.isSafeInteger(firstCapturedAtMs) || firstCapturedAtMs <= 0) return null;
  return `fb.1.${firstCapturedAtMs}.${fbclid}`;
}

export interface FbcParts {
  subdomainIndex: number;
  createdAtMs: number;
  fbclid: string;
}

const FBC = /^fb\.([0-2])\.(\d{1,16})\.([\x21-\x7e]{1,500})$/;

/** A `_fbc` cookie (or a built fbc) taken apart; null unless it has Meta's shape. */
export function parseFbcCookie(value: string | null): FbcParts | null {
  const match = FBC.exec(value?.trim() ?? '');
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { subdomainIndex: Number(match[1]), createdAtMs: Number(match[2]), fbclid: match[3] };
}

/**
 * The GA4 client id from the `_ga` cookie: `GA1.<domain depth>.<random>.<first-visit seconds>`
 * gives `<random>.<seconds>`. Versions after GA1 keep the same tail; a bare client id passes
 * through. `_ga_<stream>` session cookies (GS1/GS2) and anything else give null.
 */
export function gaClientIdFromCookie(value: string | null): string | null {
  const cookie = value?.trim() ?? '';
  const match =
    /^GA\d+\.\d+\.(\d{1,20})\.(\d{1,20})$/.exec(cookie) ?? /^(\d{1,20})\.(\d{1,20})$/.exec(cookie);
  return match ? `${match[1]}.${match[2]}` : null;
}

/**
 * The GA4 session id (the session's start, in seconds) from a `_ga_<stream>` cookie, in the older
 * `GS1.1.<session>.<count>.…` or the newer `GS2.1.s<session>$o<count>$…` form. Null otherwise.
 */
export function gaSessionIdFromCookie(value: string | null): string | null {
  const cookie = value?.trim() ?? '';
  const match = /^GS1\.\d+\.(\d{1,20})\./.exec(cookie) ?? /^GS2\.\d+\.s(\d{1,20})(\$|$)/.exec(cookie);
  return match?.[1] ?? null;
}

/**
 * The GA4 client id for a lead with no `_ga` cookie (imports, pages without GA): two decimal
 * numbers from the hash of the lead id, in GA's `<number>.<number>` shape. Stable, so all the
 * lead's events are one GA4 user, and never a guess at some real visitor's id.
 */
export function pseudoGaClientId(leadId: string): string {
  const hash = sha256Hex(`ga4-client:${leadId}`);
  return `${Number.parseInt(hash.slice(0, 8), 16)}.${Number.parseInt(hash.slice(8, 16), 16)}`;
}

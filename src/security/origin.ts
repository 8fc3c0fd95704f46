import { fail, ok, type Result } from '../shared/result.ts';

/**
 * Allowed embed origins (PROJ-1, SEC-5): `https://client.com`, `https://*.client.com`,
 * `http://localhost:8080`. Compared by scheme, host labels and port, never as strings: a
 * wildcard matches one or more labels in front of the base (`a.client.com`, `a.b.client.com`)
 * and never the base itself, `client.com.evil.com`, `evilclient.com`, another scheme or port.
 */
export interface OriginPattern {
  scheme: 'http' | 'https';
  /** Lower-case ASCII (punycode) host, without the `*.` of a wildcard. */
  host: string;
  wildcard: boolean;
  port: number;
}

const DEFAULT_PORT = { http: 80, https: 443 } as const;
const shape = /^(https?):\/\/(\*\.)?([^/:?#@\s\\]+)(?::(\d{1,5}))?$/i;
const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function parseParts(text: string, allowWildcard: boolean): OriginPattern | undefined {
  const match = shape.exec(text);
  if (!match) return undefined;
  const [, rawScheme = '', star, rawHost = '', rawPort] = match;
  if (star && !allowWildcard) return undefined;
  const scheme = rawScheme.toLowerCase() as 'http' | 'https';
  let host: string;
  try {
    host = new URL(`${scheme}://${rawHost}`).hostname; // lower-cases and punycodes IDNs
  } catch {
    return undefined;
  }
  const labels = host.split('.');
  if (!labels.every((l) => label.test(l))) return undefined;
  if (star && labels.length < 2) return undefined; // `*.com` would allow every site
  const port = rawPort === undefined ? DEFAULT_PORT[scheme] : Number(rawPort);
  if (port < 1 || port > 65535) return undefined;
  return { scheme, host, wildcard: Boolean(star), port };
}

export function parseOriginPattern(text: string): Result<OriginPattern, 'origin.invalid'> {
  const parsed = parseParts(text.trim(), true);
  return parsed ? ok(parsed) : fail('origin.invalid');
}

/** Whether a request's `Origin` header value is allowed by this pattern. */
export function originMatches(pattern: OriginPattern, origin: string): boolean {
  const actual = parseParts(origin, false);
  if (!actual || actual.scheme !== pattern.scheme || actual.port !== pattern.port) return false;
  if (!pattern.wildcard) return actual.host === pattern.host;
  return actual.host.endsWith(`.${pattern.host}`);
}

export function isAllowedOrigin(patterns: readonly OriginPattern[], origin: string | undefined): boolean {
  return origin !== undefined && patterns.some((pattern) => originMatches(pattern, origin));
}

/** The pattern as a CSP source expression (`https://*.client.com:8443`), for frame-ancestors. */
export function cspSource(pattern: OriginPattern): string {
  const port = pattern.port === DEFAULT_PORT[pattern.scheme] ? '' : `:${pattern.port}`;
  return `${pattern.scheme}://${pattern.wildcard ? '*.' : ''}${pattern.host}${port}`;
}

import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import {
  cspSource,
  isAllowedOrigin,
  type OriginPattern,
  originMatches,
  parseOriginPattern,
} from '../../../src/security/origin.ts';

const pattern = (text: string): OriginPattern => {
  const parsed = parseOriginPattern(text);
  if (!parsed.ok) throw new Error(`bad pattern ${text}`);
  return parsed.value;
};

describe('allowed origin patterns', () => {
  test.each([
    ['https://*.client.com', 'https://a.client.com', true],
    ['https://*.client.com', 'https://a.b.client.com', true],
    ['https://*.client.com', 'https://client.com', false],
    ['https://*.client.com', 'https://client.com.evil.com', false],
    ['https://*.client.com', 'https://evilclient.com', false],
    ['https://*.client.com', 'https://a.evilclient.com', false],
    ['https://*.client.com', 'http://a.client.com', false],
    ['https://*.client.com', 'https://a.client.com:8443', false],
    ['https://*.client.com', 'https://a.client.com:443', true],
    ['https://*.client.com', 'https://a.client.com/', false],
    ['https://*.client.com', 'https://evil.com@a.client.com', false],
    ['https://*.client.com', 'https://a.client.com.', false],
    ['https://*.client.com', 'null', false],
    ['https://client.com', 'https://client.com', true],
    ['https://client.com', 'https://www.client.com', false],
    ['http://localhost:8080', 'http://localhost:8080', true],
    ['http://localhost:8080', 'http://localhost', false],
    ['https://*.bücher.example', 'https://shop.xn--bcher-kva.example', true],
  ])('%s vs %s → %p', (allowed, origin, expected) => {
    expect(originMatches(pattern(allowed), origin)).toBe(expected);
  });

  test.each([
    '',
    'client.com',
    '*.client.com',
    'https://*.com',
    'https://*',
    'https://a.*.client.com',
    'https://client.com/path',
    'https://client.com:0',
    'https://client.com:99999',
    'ftp://client.com',
    'https://user@client.com',
    "https://client.com; script-src 'unsafe-inline'",
    'https://-bad.com',
  ])('%p is not a valid pattern', (text) => {
    expect(parseOriginPattern(text).ok).toBe(false);
  });

  test('patterns render as CSP sources without default ports', () => {
    expect(cspSource(pattern('https://*.Client.com:443'))).toBe('https://*.client.com');
    expect(cspSource(pattern('http://localhost:8080'))).toBe('http://localhost:8080');
  });

  test('no origin (no header) is never allowed', () => {
    expect(isAllowedOrigin([pattern('https://*.client.com')], undefined)).toBe(false);
  });
});

/**
 * 10,000 near-miss origins built from parts; whether each should match is known from how it was
 * built (not by asking the matcher): only https, one or more clean labels before client.com
 * (any case), the default port, and nothing else around it.
 */
describe('property: zero false accepts, zero false rejects over generated near-misses', () => {
  const allowed = [pattern('https://*.client.com')];
  const labelArb = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
  /** Each part is right 3 times in 4, so whole origins are right often enough to test accepts. */
  const nearMiss = (good: string[], bad: string[]) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...good.map((v) => [v, true] as const)) },
      { weight: 1, arbitrary: fc.constantFrom(...bad.map((v) => [v, false] as const)) },
    );
  const parts = fc.record({
    scheme: nearMiss(['https', 'HTTPS'], ['http', 'wss', 'ftp']),
    labels: fc.array(labelArb, { maxLength: 3 }),
    base: nearMiss(
      ['client.com', 'CLIENT.Com'],
      [
        'evilclient.com',
        'client.com.evil.com',
        'client.co',
        'client.comm',
        'cl1ent.com',
        'client-com',
        'client.com.',
        'clientcom',
        'xn--client.com',
      ],
    ),
    port: nearMiss(['', ':443'], [':8443', ':80', ':4430']),
    junk: nearMiss([''], ['/', '/x', '?a', '#f', ' ']),
    userinfo: nearMiss([''], ['evil.com@', 'u:p@']),
  });

  test('https://*.client.com', () => {
    const counts = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(parts, ({ scheme, labels, base, port, junk, userinfo }) => {
        const host = [...labels, base[0]].join('.');
        const origin = `${scheme[0]}://${userinfo[0]}${host}${port[0]}${junk[0]}`;
        const expected = scheme[1] && labels.length > 0 && base[1] && port[1] && junk[1] && userinfo[1];
        const got = isAllowedOrigin(allowed, origin);
        counts[got ? 'accepted' : 'rejected']++;
        expect({ origin, got }).toEqual({ origin, got: expected });
      }),
      { numRuns: 10_000 },
    );
    // Both kinds were really exercised.
    expect(counts.accepted).toBeGreaterThan(300);
    expect(counts.rejected).toBeGreaterThan(5000);
  }, 30_000);
});

import { describe, expect, test } from 'bun:test';
import { parseAllowedOrigin, parseAllowedOrigins } from '../../../src/projects/allowed-origin.ts';

describe('allowed embed origins (PROJ-1)', () => {
  test.each([
    ['https://*.client.com', 'https://*.client.com'],
    ['https://www.client.com', 'https://www.client.com'],
    ['HTTPS://Shop.Client.COM/', 'https://shop.client.com'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['https://client.com:443', 'https://client.com'],
    ['http://10.0.0.5:3000', 'http://10.0.0.5:3000'],
    ['https://xn--bcher-kva.example', 'https://xn--bcher-kva.example'],
  ])('%s is stored as %s', (input, stored) => {
    expect(parseAllowedOrigin(input)).toEqual({ ok: true, value: stored });
  });

  test.each([
    'client.com',
    'ftp://client.com',
    'https://client.com/path',
    'https://client.com?x=1',
    'https://user@client.com',
    'https://*.com',
    'https://*client.com',
    'https://a.*.client.com',
    'https://-bad.client.com',
    'https://client.com:0',
    'https://client.com:70000',
    'https://*.10.0.0.1',
    'javascript:alert(1)',
    'https://cli ent.com',
    '*',
  ])('%s is refused with a message naming the expected shape', (input) => {
    const parsed = parseAllowedOrigin(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.code).toContain(`"${input}"`);
  });

  test('a list reports every bad line and folds duplicates', () => {
    expect(parseAllowedOrigins('https://a.com\n\nhttps://A.com/\r\nhttps://*.b.com')).toEqual({
      ok: true,
      value: ['https://*.b.com', 'https://a.com'],
    });
    const bad = parseAllowedOrigins('https://ok.com\nnope\nftp://x.com');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.code).toContain('"nope" is not an origin');
      expect(bad.code).toContain('"ftp://x.com" is not an origin');
    }
  });
});

import { describe, expect, test } from 'bun:test';
import { extendCsp } from '../../../src/http/middleware/marketing-tags.ts';
import { STRICT_CSP } from '../../../src/http/middleware/secure-headers.ts';

describe('CSP with marketing tags (ADR 0006)', () => {
  test('adds the nonce and tag origins only where tags need them; never unsafe-inline', () => {
    const csp = extendCsp(STRICT_CSP, 'N0NCE', [
      'https://www.googletagmanager.com',
      'https://*.facebook.net',
    ]);
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives['script-src']).toBe(
      "script-src 'self' 'nonce-N0NCE' https://www.googletagmanager.com https://*.facebook.net",
    );
    expect(directives['style-src']).toBe("style-src 'self' 'nonce-N0NCE'");
    expect(directives['connect-src']).toBe(
      "connect-src 'self' https://www.googletagmanager.com https://*.facebook.net",
    );
    expect(directives['img-src']).toContain("'self' data: blob: https://www.googletagmanager.com");
    expect(directives['frame-src']).toBe(
      "frame-src 'self' https://www.googletagmanager.com https://*.facebook.net",
    );
    expect(directives['frame-ancestors']).toBe("frame-ancestors 'none'");
    expect(directives['object-src']).toBe("object-src 'none'");
    expect(csp).not.toContain('unsafe');
  });

  test('a framable page policy keeps its frame-ancestors and gains only the nonce without origins', () => {
    const visitor = "default-src 'self'; script-src 'self'; frame-ancestors https://*.client.com";
    expect(extendCsp(visitor, 'X', [])).toBe(
      "default-src 'self'; script-src 'self' 'nonce-X'; frame-ancestors https://*.client.com",
    );
  });
});

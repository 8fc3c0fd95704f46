import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { deriveClientIp, normalizeIp, parseIp, trustedProxies } from '../../../src/security/client-ip.ts';

const trusted = trustedProxies(['10.0.0.0/8', '192.0.2.1', '2001:db8:ffff::/48', '::1']);
const derive = (peer: string | undefined, ...forwardedFor: string[]) =>
  deriveClientIp({ peer, forwardedFor, trusted });

describe('address parsing', () => {
  test.each([
    ['203.0.113.9', '203.0.113.9'],
    [' 203.0.113.9 ', '203.0.113.9'],
    ['203.0.113.9:51234', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['[::ffff:203.0.113.9]:443', '203.0.113.9'],
    ['::FFFF:CB00:7109', '203.0.113.9'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['[2001:db8::1]:8080', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
  ])('%p → %p', (raw, expected) => {
    expect(normalizeIp(raw)).toBe(expected);
  });

  test.each([
    '',
    'unknown',
    '_hidden',
    'example.com',
    '127.1',
    '0x7f.0.0.1',
    '0177.0.0.1',
    '2130706433',
    '256.1.1.1',
    '1.2.3.4.5',
    '1.2.3',
    '[1.2.3.4',
    '2001:db8::1::2',
    ':::1',
    '1.2.3.4:port',
    `${'1'.repeat(80)}`,
    '"><script>',
  ])('garbage %p is not an address', (raw) => {
    expect(parseIp(raw)).toBeUndefined();
  });

  test('TRUSTED_PROXIES entries that are not addresses or have bad prefixes are refused', () => {
    expect(() => trustedProxies(['10.0.0.0/33'])).toThrow(/prefix/);
    expect(() => trustedProxies(['::1/129'])).toThrow(/prefix/);
    expect(() => trustedProxies(['1.2.3'])).toThrow(/not an IP/);
  });
});

describe('client IP derivation (SEC-4)', () => {
  test.each<[string, string | undefined, string[], string]>([
    ['no socket (in-process test request)', undefined, [], '0.0.0.0'],
    ['an untrusted peer is the client; its XFF is ignored', '203.0.113.9', ['1.1.1.1'], '203.0.113.9'],
    ['a trusted proxy without XFF: the proxy itself', '10.0.0.2', [], '10.0.0.2'],
    ['one trusted proxy: the right-most entry', '10.0.0.2', ['198.51.100.7'], '198.51.100.7'],
    ['forged left-most entries are ignored', '10.0.0.2', ['6.6.6.6, 7.7.7.7, 198.51.100.7'], '198.51.100.7'],
    [
      'several trusted hops are skipped',
      '10.0.0.2',
      ['6.6.6.6, 198.51.100.7, 192.0.2.1, 10.9.9.9'],
      '198.51.100.7',
    ],
    ['several XFF headers are one list', '10.0.0.2', ['6.6.6.6', '198.51.100.7, 10.1.1.1'], '198.51.100.7'],
    ['ports and brackets are dropped', '10.0.0.2', ['[2001:db8::7]:443'], '2001:db8::7'],
    ['IPv4-mapped IPv6 peer counts as the IPv4 proxy', '::ffff:10.0.0.2', ['198.51.100.7'], '198.51.100.7'],
    ['IPv6 trusted range', '2001:db8:ffff::5', ['2001:db8::42'], '2001:db8::42'],
    ['IPv6 loopback proxy', '::1', ['198.51.100.7:5000'], '198.51.100.7'],
    [
      'garbage left of the client does not matter',
      '10.0.0.2',
      ['unknown, <script>, 198.51.100.7'],
      '198.51.100.7',
    ],
    [
      'garbage where a proxy should have written: stop at the last trusted hop',
      '10.0.0.2',
      ['198.51.100.7, unknown, 10.3.3.3'],
      '10.3.3.3',
    ],
    ['empty entries are garbage too', '10.0.0.2', ['198.51.100.7,,'], '10.0.0.2'],
    ['all trusted: the furthest hop', '10.0.0.2', ['10.5.5.5, 192.0.2.1'], '10.5.5.5'],
    ['a mapped address in XFF', '10.0.0.2', ['::ffff:198.51.100.7'], '198.51.100.7'],
  ])('%s', (_name, peer, xff, expected) => {
    expect(derive(peer, ...xff)).toBe(expected);
  });
});

/** How a real hop may be written by a proxy: plain, with a port, bracketed, IPv4-mapped. */
const rendered = (ip: string) =>
  ip.includes(':')
    ? fc.constantFrom(ip, `[${ip}]`, `[${ip}]:${443}`, ip.toUpperCase())
    : fc.constantFrom(ip, `${ip}:51234`, `::ffff:${ip}`, `[::ffff:${ip}]:80`);

const untrustedIp = fc.oneof(fc.ipV4(), fc.ipV6()).filter((ip) => {
  const parsed = parseIp(ip);
  return parsed !== undefined && !trusted.contains(parsed);
});

const trustedHop = fc.constantFrom('10.0.0.1', '10.200.3.4', '192.0.2.1', '2001:db8:ffff::9', '::1');

/** Whatever the client sends: valid addresses (trusted ones too), garbage, commas, empties. */
const attackerHeader = fc.array(
  fc.oneof(fc.ipV4(), fc.ipV6(), trustedHop, fc.string({ maxLength: 30 }), fc.constant('')),
  { maxLength: 6 },
);

describe('property: the derived IP is the right-most untrusted hop, whatever the client wrote', () => {
  test('10,000 generated chains', () => {
    fc.assert(
      fc.property(
        untrustedIp.chain((ip) => fc.tuple(fc.constant(ip), rendered(ip))),
        fc.array(attackerHeader, { maxLength: 3 }),
        fc.array(trustedHop, { minLength: 1, maxLength: 4 }),
        ([client, clientAsWritten], attackerHeaders, proxies) => {
          // proxies[0] saw the client; each next proxy appends the previous one; the last is our peer.
          const appended = [clientAsWritten, ...proxies.slice(0, -1)].join(', ');
          const forged = attackerHeaders.map((parts) => parts.join(','));
          const lastForged = forged.pop();
          const chain = lastForged === undefined ? appended : `${lastForged}, ${appended}`;
          const got = derive(proxies[proxies.length - 1], ...forged, chain);
          expect(got).toBe(normalizeIp(client) ?? 'unparseable');
        },
      ),
      { numRuns: 10_000 },
    );
  }, 30_000);
});

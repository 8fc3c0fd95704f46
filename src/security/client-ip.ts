import ipaddr from 'ipaddr.js';

/**
 * Client IP derivation (SEC-4), pure. The socket peer is the client unless it is a trusted proxy;
 * then X-Forwarded-For is walked from the right and the first hop that is not a trusted proxy is
 * the client. Everything left of that hop was written by the client itself and is ignored
 * (docs/decisions/0004-client-ip-right-most-untrusted.md).
 */
export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** Longer entries are never addresses; refusing them early bounds the parsing work. */
const MAX_ENTRY_LENGTH = 64;
const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/;
const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;

/**
 * Parses one address as proxies write it: plain IPv4/IPv6, `1.2.3.4:port`, `[v6]:port`, a zone id.
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes the IPv4 address. Anything else is undefined:
 * no octal/hex/short IPv4 forms (`0x7f.1`, `127.1`), which would let one host appear as several.
 */
export function parseIp(raw: string): IpAddress | undefined {
  let text = raw.trim();
  if (text.length === 0 || text.length > MAX_ENTRY_LENGTH) return undefined;
  const inBrackets = bracketed.exec(text);
  if (inBrackets?.[1]) text = inBrackets[1];
  else {
    const withPort = ipv4WithPort.exec(text);
    if (withPort?.[1]) text = withPort[1];
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes(':') || !ipaddr.IPv6.isValid(text)) return undefined;
  const v6 = ipaddr.IPv6.parse(text);
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  return new ipaddr.IPv6(v6.parts); // drops the zone id: not part of the address
}

/** The one string form used as a key everywhere (blocks, counters, logs): dotted IPv4, RFC 5952 IPv6. */
export function formatIp(address: IpAddress): string {
  return address.kind() === 'ipv4' ? address.toString() : (address as ipaddr.IPv6).toRFC5952String();
}

/** `normalizeIp(' ::FFFF:10.0.0.1 ')` → `'10.0.0.1'`; undefined for anything that is not an address. */
export function normalizeIp(raw: string): string | undefined {
  const parsed = parseIp(raw);
  return parsed ? formatIp(parsed) : undefined;
}

export interface TrustedProxies {
  contains(address: IpAddress): boolean;
}

/** Builds the matcher from TRUSTED_PROXIES entries (single addresses and CIDR ranges, v4 and v6). */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const ranges = entries.map((entry): [IpAddress, number] => {
    const [base = '', bits] = entry.split('/');
    const address = parseIp(base);
    if (!address) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    const max = address.kind() === 'ipv4' ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" has an invalid prefix length`);
    }
    return [address, prefix];
  });
  return {
    contains: (address) =>
      ranges.some(([base, prefix]) => base.kind() === address.kind() && address.match(base, prefix)),
  };
}

export interface ClientIpInput {
  /** The TCP peer, as the server reports it; undefined only where there is no socket. */
  peer: string | undefined;
  /** Every X-Forwarded-For header value, in the order received (several headers are one list). */
  forwardedFor: readonly string[];
  trusted: TrustedProxies;
}

/** Returned when there is no usable peer at all (in-process requests in tests). */
export const UNKNOWN_IP = '0.0.0.0';

export function deriveClientIp({ peer, forwardedFor, trusted }: ClientIpInput): string {
  const peerAddress = peer === undefined ? undefined : parseIp(peer);
  if (!peerAddress) return UNKNOWN_IP;
  if (!trusted.contains(peerAddress)) return formatIp(peerAddress);
  const hops = forwardedFor.flatMap((value) => value.split(','));
  let nearest = peerAddress;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseIp(hops[i] ?? '');
    // A trusted proxy never writes garbage: the list is unreliable from here, so we stop at
    // the last hop we could vouch for rather than read further into client-written entries.
    if (!hop) break;
    if (!trusted.contains(hop)) return formatIp(hop);
    nearest = hop;
  }
  return formatIp(nearest);
}

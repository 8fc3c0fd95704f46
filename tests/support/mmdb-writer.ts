import ipaddr from 'ipaddr.js';

/**
 * A minimal MaxMind DB writer for tests (format: https://maxmind.github.io/MaxMind-DB/), so geo
 * tests run against a real file read by the real `maxmind` reader, built here with the networks
 * and records a test needs. IPv6 tree (IPv4 under ::/96, as GeoLite2 ships), 24-bit records.
 */
export type MmdbValue = string | number | boolean | MmdbValue[] | { [key: string]: MmdbValue };

export interface MmdbNetwork {
  /** CIDR, e.g. '49.36.0.0/14' or '2405:201::/32'. */
  network: string;
  data: { [key: string]: MmdbValue };
}

const TYPE = { utf8: 2, double: 3, uint16: 5, uint32: 6, map: 7 } as const;
const EXTENDED = { uint64: 9, array: 11, boolean: 14 } as const;

function control(type: number, size: number): Buffer {
  const extended = type > 7;
  const head = (extended ? 0 : type) << 5;
  let sizeBits: number;
  let sizeBytes: number[] = [];
  if (size < 29) sizeBits = size;
  else if (size < 285) [sizeBits, sizeBytes] = [29, [size - 29]];
  else if (size < 65_821) [sizeBits, sizeBytes] = [30, [(size - 285) >> 8, (size - 285) & 255]];
  else {
    const rest = size - 65_821;
    [sizeBits, sizeBytes] = [31, [(rest >> 16) & 255, (rest >> 8) & 255, rest & 255]];
  }
  return Buffer.from([head | sizeBits, ...(extended ? [type - 7] : []), ...sizeBytes]);
}

function unsigned(value: bigint): Buffer {
  const bytes: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) bytes.unshift(Number(v & 255n));
  return Buffer.from(bytes);
}

function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(TYPE.utf8, bytes.length), bytes]);
  }
  if (typeof value === 'boolean') return control(EXTENDED.boolean, value ? 1 : 0);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 16) {
      const bytes = unsigned(BigInt(value));
      return Buffer.concat([control(TYPE.uint16, bytes.length), bytes]);
    }
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) {
      const bytes = unsigned(BigInt(value));
      return Buffer.concat([control(TYPE.uint32, bytes.length), bytes]);
    }
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value);
    return Buffer.concat([control(TYPE.double, 8), bytes]);
  }
  if (Array.isArray(value))
    return Buffer.concat([control(EXTENDED.array, value.length), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([
    control(TYPE.map, entries.length),
    ...entries.flatMap(([key, item]) => [encode(key), encode(item)]),
  ]);
}

const uint64 = (value: bigint) => {
  const bytes = unsigned(value);
  return Buffer.concat([control(EXTENDED.uint64, bytes.length), bytes]);
};
const uint32 = (value: number) => {
  const bytes = unsigned(BigInt(value));
  return Buffer.concat([control(TYPE.uint32, bytes.length), bytes]);
};

interface TreeNode {
  children: [TreeNode | number | null, TreeNode | number | null];
}

function bitsOf(cidr: string): boolean[] {
  const [address, length] = ipaddr.parseCIDR(cidr);
  const bytes =
    address.kind() === 'ipv4' ? [...new Array(12).fill(0), ...address.toByteArray()] : address.toByteArray();
  const prefix = address.kind() === 'ipv4' ? 96 + length : length;
  const bits: boolean[] = [];
  for (let i = 0; i < prefix; i++) bits.push((((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) === 1);
  return bits;
}

/** The bytes of a .mmdb file holding `networks` (later entries may not overlap earlier ones). */
export function buildMmdb(
  networks: readonly MmdbNetwork[],
  options: { databaseType?: string; buildEpoch?: number } = {},
): Buffer {
  // Data section: each record encoded once; leaves of the tree point at their offsets.
  const dataParts: Buffer[] = [];
  const offsets: number[] = [];
  let dataSize = 0;
  for (const { data } of networks) {
    const bytes = encode(data);
    offsets.push(dataSize);
    dataParts.push(bytes);
    dataSize += bytes.length;
  }

  const root: TreeNode = { children: [null, null] };
  networks.forEach(({ network }, index) => {
    const bits = bitsOf(network);
    let node = root;
    bits.forEach((bit, depth) => {
      const side = bit ? 1 : 0;
      if (depth === bits.length - 1) {
        node.children[side] = index;
        return;
      }
      const next = node.children[side];
      if (typeof next === 'number') throw new Error(`${network} overlaps an earlier network`);
      const child = next ?? { children: [null, null] };
      node.children[side] = child;
      node = child;
    });
  });

  // Breadth-first numbering: the root is node 0.
  const order: TreeNode[] = [root];
  for (let i = 0; i < order.length; i++) {
    for (const child of order[i]?.children ?? []) if (child && typeof child === 'object') order.push(child);
  }
  const numbers = new Map(order.map((node, i) => [node, i]));
  const nodeCount = order.length;
  const record = (child: TreeNode | number | null): number => {
    if (child === null) return nodeCount; // no data for these addresses
    if (typeof child === 'number') return nodeCount + 16 + (offsets[child] ?? 0);
    return numbers.get(child) ?? nodeCount;
  };
  const tree = Buffer.alloc(nodeCount * 6);
  order.forEach((node, i) => {
    tree.writeUIntBE(record(node.children[0]), i * 6, 3);
    tree.writeUIntBE(record(node.children[1]), i * 6 + 3, 3);
  });

  const metadata = Buffer.concat([
    control(TYPE.map, 9),
    encode('node_count'),
    uint32(nodeCount),
    encode('record_size'),
    encode(24),
    encode('ip_version'),
    encode(6),
    encode('database_type'),
    encode(options.databaseType ?? 'GeoLite2-City'),
    encode('languages'),
    encode(['en']),
    encode('binary_format_major_version'),
    encode(2),
    encode('binary_format_minor_version'),
    encode(0),
    encode('build_epoch'),
    uint64(BigInt(options.buildEpoch ?? 1_764_547_200)),
    encode('description'),
    encode({ en: 'Test database built by tests/support/mmdb-writer.ts' }),
  ]);
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...dataParts,
    Buffer.from([0xab, 0xcd, 0xef]),
    Buffer.from('MaxMind.com', 'latin1'),
    metadata,
  ]);
}

/** A GeoLite2-City-shaped record (MaxMind's nested names), as the City database has them. */
export function cityRecord(country: string, region: string, city: string): { [key: string]: MmdbValue } {
  return {
    city: { geoname_id: 1, names: { en: city } },
    country: { geoname_id: 2, iso_code: country, names: { en: country } },
    subdivisions: [{ geoname_id: 3, iso_code: 'XX', names: { en: region } }],
    location: { latitude: 19.076, longitude: 72.8777, accuracy_radius: 50 },
  };
}

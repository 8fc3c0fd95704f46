/** Minimal, structurally valid image headers for upload tests (no decoder reads past them). */
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u16be = (n: number) => [(n >> 8) & 255, n & 255];
const u16le = (n: number) => [n & 255, (n >> 8) & 255];
const u24le = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255];
const text = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

/** A PNG chunk: length, type, data, CRC-32 of type and data. */
function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([
    new Uint8Array(u32be(data.length)),
    body,
    new Uint8Array(u32be(Bun.hash.crc32(body) >>> 0)),
  ]);
}

/**
 * A complete PNG structure: signature, IHDR, one IDAT (of `idatBytes` filler bytes, default a few),
 * IEND. The filler is not valid deflate data: only the structure is real, as the server checks it.
 */
export const png = (width: number, height: number, idatBytes = 2): Uint8Array<ArrayBuffer> =>
  new Uint8Array(
    Buffer.concat([
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', new Uint8Array([...u32be(width), ...u32be(height), 8, 2, 0, 0, 0])),
      pngChunk('IDAT', new Uint8Array(idatBytes).fill(0x78)),
      pngChunk('IEND', new Uint8Array()),
    ]),
  );

/** The same PNG cut off after its header: no IDAT, no IEND (a broken or half-sent file). */
export const truncatedPng = (width: number, height: number): Uint8Array<ArrayBuffer> =>
  png(width, height).subarray(0, 33);

export const jpeg = (width: number, height: number) =>
  new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe0,
    ...u16be(16),
    ...text('JFIF'),
    0,
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    0xff,
    0xdb,
    ...u16be(4),
    0,
    0,
    0xff,
    0xc0,
    ...u16be(17),
    8,
    ...u16be(height),
    ...u16be(width),
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
    0xff,
    0xd9,
  ]);

export const gif = (width: number, height: number) =>
  new Uint8Array([...text('GIF89a'), ...u16le(width), ...u16le(height), 0, 0, 0, 0x3b]);

export const webp = (width: number, height: number) =>
  new Uint8Array([
    ...text('RIFF'),
    ...[22, 0, 0, 0],
    ...text('WEBP'),
    ...text('VP8X'),
    10,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    ...u24le(width - 1),
    ...u24le(height - 1),
  ]);

export const concat = (...parts: Array<Uint8Array | string>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

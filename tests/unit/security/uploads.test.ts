import { describe, expect, test } from 'bun:test';
import {
  inspectImageUpload,
  MAX_IMAGE_SIDE,
  MAX_UPLOAD_BYTES,
  type UploadRejection,
} from '../../../src/security/uploads.ts';
import { concat, gif, jpeg, png, truncatedPng, webp } from '../../support/images.ts';

const valid = [
  { make: png, name: 'photo.png', type: 'image/png', ext: 'png' },
  { make: jpeg, name: 'photo.JPG', type: 'image/jpeg', ext: 'jpg' },
  { make: gif, name: 'anim.gif', type: 'image/gif', ext: 'gif' },
  { make: webp, name: 'pic.webp', type: 'image/webp', ext: 'webp' },
] as const;

describe('image uploads that are fine', () => {
  for (const { make, name, type, ext } of valid) {
    test(`${name} (${type}) passes with its dimensions`, () => {
      expect(inspectImageUpload(make(640, 480), name, type)).toEqual({
        ok: true,
        value: { contentType: type, ext, width: 640, height: 480 },
      });
      // At the limits exactly.
      expect(inspectImageUpload(make(MAX_IMAGE_SIDE, 5000), name, type).ok).toBe(true);
    });
  }
  test('image/jpg is accepted as a synonym, and a charset parameter is ignored', () => {
    expect(inspectImageUpload(jpeg(10, 10), 'a.jpeg', 'image/jpg').ok).toBe(true);
    expect(inspectImageUpload(png(10, 10), 'a.png', 'image/png; charset=binary').ok).toBe(true);
  });
});

type Hostile = { label: string; bytes: Uint8Array; name: string; type: string; code?: UploadRejection };

/** ≥ 200 hostile files, built here from families of known attacks. */
function hostileFiles(): Hostile[] {
  const files: Hostile[] = [];
  const add = (label: string, bytes: Uint8Array, name: string, type: string, code?: UploadRejection) =>
    files.push({ label, bytes, name, type, code });

  for (const { name, type } of valid) add(`zero-byte ${name}`, new Uint8Array(0), name, type, 'upload.empty');
  const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
  big.set(png(100, 100));
  add('oversized PNG', big, 'big.png', 'image/png', 'upload.too_large');

  const scripts = [
    '<script>alert(document.domain)</script>',
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="//evil.example"></iframe>',
    '<?php system($_GET["c"]); ?>',
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
  ];
  const svgs = scripts.flatMap((payload) => [
    `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">${payload}</svg>`,
    `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">${payload}</svg>`,
    `\ufeff  <SVG>${payload}</SVG>`,
  ]);
  for (const [i, svg] of svgs.entries()) {
    for (const [name, type] of [
      ['logo.svg', 'image/svg+xml'],
      ['logo.png', 'image/png'],
      ['logo.gif', 'image/gif'],
    ]) {
      add(`svg #${i} as ${name}`, Buffer.from(svg), name ?? '', type ?? '', 'upload.not_an_image');
    }
  }
  for (const [i, payload] of scripts.entries()) {
    const html = `<!DOCTYPE html><html><body>${payload}</body></html>`;
    add(`renamed HTML #${i} .png`, Buffer.from(html), 'cat.png', 'image/png', 'upload.not_an_image');
    add(
      `renamed HTML #${i} .jpg`,
      Buffer.from(`\n\n${html}`),
      'cat.jpg',
      'image/jpeg',
      'upload.not_an_image',
    );
    // Polyglots: a real image header, then markup or script in the rest of the file.
    for (const { make, name, type } of valid) {
      add(`${name} + ${i} appended`, concat(make(32, 32), payload), name, type, 'upload.active_content');
      add(
        `${name} + ${i} inside`,
        concat(make(32, 32).subarray(0, 40), payload, make(32, 32).subarray(40)),
        name,
        type,
      );
      add(
        `${name} + ${i} deep`,
        concat(make(32, 32), new Uint8Array(20_000), payload.toUpperCase()),
        name,
        type,
      );
    }
  }
  for (const { make, name, type } of valid) {
    add(
      `${name} + ZIP (GIFAR-style)`,
      concat(make(8, 8), 'PK\u0003\u0004\u0014\u0000', 'PK\u0005\u0006'),
      name,
      type,
    );
    add(
      `${name} + ZIP trailer`,
      concat(make(8, 8), new Uint8Array(100), 'PK\u0005\u0006\u0000\u0000'),
      name,
      type,
    );
    add(`${name} + PDF`, concat(make(8, 8), '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF'), name, type);
    add(`${name} + HTML comment`, concat(make(8, 8), '<!-- --><html>'), name, type);
    // Decompression bombs, refused from the header before any decoder runs.
    const side = make === webp ? 16_383 : 65_535;
    add(`${name} ${side}×${side}`, make(side, side), name, type, 'upload.dimensions_too_large');
    add(
      `${name} ${MAX_IMAGE_SIDE + 1}×1`,
      make(MAX_IMAGE_SIDE + 1, 1),
      name,
      type,
      'upload.dimensions_too_large',
    );
    add(
      `${name} 1×${MAX_IMAGE_SIDE + 1}`,
      make(1, MAX_IMAGE_SIDE + 1),
      name,
      type,
      'upload.dimensions_too_large',
    );
    add(`${name} 7000×7000 (49 Mpx)`, make(7000, 7000), name, type, 'upload.dimensions_too_large');
    add(`${name} 0×10`, make(0, 10), name, type);
    // Wrong names and claims.
    for (const other of ['x.exe', 'x.html', 'x.svg', 'x.png.php', 'x', 'x.', '.htaccess']) {
      add(`${name} named ${other}`, make(8, 8), other, type, 'upload.extension_mismatch');
    }
    for (const claimed of ['text/html', 'image/svg+xml', 'application/octet-stream', '']) {
      add(`${name} declared ${claimed || 'nothing'}`, make(8, 8), name, claimed, 'upload.type_mismatch');
    }
    for (const bad of ['../../etc/x.png', 'a\\b.png', 'a\u0000.png', 'x'.repeat(300)]) {
      add(`${name} bad name`, make(8, 8), bad, type, 'upload.bad_filename');
    }
    add(`${name} truncated`, make(8, 8).subarray(0, 12), name, type, 'upload.malformed');
  }
  add('PNG magic only', png(1, 1).subarray(0, 8), 'a.png', 'image/png', 'upload.malformed');
  add(
    'JPEG without a frame',
    new Uint8Array([0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0]),
    'a.jpg',
    'image/jpeg',
  );
  add(
    'WebP with an unknown chunk',
    concat('RIFF\u0000\u0000\u0000\u0000WEBPABCD', new Uint8Array(30)),
    'a.webp',
    'image/webp',
  );
  for (let i = 0; i < 20; i++) {
    add(`random bytes #${i}`, crypto.getRandomValues(new Uint8Array(64 + i * 7)), `r${i}.png`, 'image/png');
  }
  add(
    'PE executable',
    concat('MZ\u0090\u0000', new Uint8Array(60)),
    'setup.jpg',
    'image/jpeg',
    'upload.not_an_image',
  );
  add('PDF', Buffer.from('%PDF-1.4 ...'), 'doc.png', 'image/png', 'upload.not_an_image');
  add('ZIP', concat('PK\u0003\u0004', new Uint8Array(40)), 'a.gif', 'image/gif', 'upload.not_an_image');
  return files;
}

describe('hostile uploads are all refused', () => {
  const files = hostileFiles();

  test('there are at least 200 of them', () => {
    expect(files.length).toBeGreaterThanOrEqual(200);
  });

  test('every one is rejected, with the expected reason where the family has one', () => {
    const accepted = files.filter((f) => inspectImageUpload(f.bytes, f.name, f.type).ok).map((f) => f.label);
    expect(accepted).toEqual([]);
    const wrongReason = files.flatMap((f) => {
      const result = inspectImageUpload(f.bytes, f.name, f.type);
      return f.code && !result.ok && result.code !== f.code ? [`${f.label}: ${result.code} ≠ ${f.code}`] : [];
    });
    expect(wrongReason).toEqual([]);
  });
});

describe('broken files and false alarms (issue 13)', () => {
  test('a PNG cut off before its image data (no IDAT, no IEND) is refused as malformed', () => {
    expect(inspectImageUpload(truncatedPng(640, 480), 'photo.png', 'image/png')).toEqual({
      ok: false,
      code: 'upload.malformed',
    });
    const whole = png(640, 480, 100);
    // Cut inside IDAT, and cut just before IEND: both are half-sent files.
    for (const cut of [whole.subarray(0, whole.length - 40), whole.subarray(0, whole.length - 12)]) {
      expect(inspectImageUpload(cut, 'photo.png', 'image/png')).toEqual({
        ok: false,
        code: 'upload.malformed',
      });
    }
  });

  test('a PNG whose chunk lengths run past the end of the file is refused', () => {
    const bytes = png(10, 10, 20);
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(33, 0x7fffffff); // IDAT length
    expect(inspectImageUpload(bytes, 'a.png', 'image/png')).toEqual({ ok: false, code: 'upload.malformed' });
  });

  test('image data that merely contains "<svg" or a ZIP signature mid-file is a photo, not active content', () => {
    // In ~3 MB of compressed photo data, a 4-byte sequence such as "<svg" or "PK\x03\x04" turns up by
    // chance in about one photo in a hundred: only real markup (a tag name then a delimiter) and a
    // ZIP directory where archive tools look for it (the file's last 64 KiB) count.
    const filler = new Uint8Array(3 * 1024 * 1024).fill(0x41);
    const photo = concat(
      jpeg(4032, 3024).subarray(0, -2),
      filler.subarray(0, 1_000_000),
      '<svgQ',
      'PK\u0003\u0004',
      'PK\u0005\u0006',
      filler.subarray(0, 2_000_000),
      new Uint8Array([0xff, 0xd9]),
    );
    expect(inspectImageUpload(photo, 'IMG_0042.JPG', 'image/jpeg').ok).toBe(true);
    // The same markers where they mean something are still refused.
    expect(inspectImageUpload(concat(photo, '<svg onload=x>'), 'a.jpg', 'image/jpeg')).toEqual({
      ok: false,
      code: 'upload.active_content',
    });
    expect(inspectImageUpload(concat(photo, 'PK\u0005\u0006'), 'a.jpg', 'image/jpeg')).toEqual({
      ok: false,
      code: 'upload.active_content',
    });
  });
});

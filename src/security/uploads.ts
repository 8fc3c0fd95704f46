import { fail, ok, type Result } from '../shared/result.ts';

/**
 * Checks an uploaded image before anything stores or serves it (VIS-5, SEC-2): the bytes must be
 * a PNG, JPEG, GIF or WebP by their magic numbers, the extension and declared type must agree,
 * the size and pixel dimensions must be sane (decompression bombs are refused from the header
 * alone, before any decoder sees them), and no HTML, SVG, script or archive may hide inside
 * (polyglots). Pure: callers record `recordStrike(deps, ip, 'bad_upload')` on a refusal.
 */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** A project icon (PROJ-1): small, and big enough to show as an app icon. */
export const MAX_ICON_BYTES = 1024 * 1024;
export const ICON_SIDE = { min: 32, max: 2048 } as const;
export const MAX_IMAGE_SIDE = 8000;
export const MAX_IMAGE_PIXELS = 40_000_000;

export type ImageContentType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface InspectedImage {
  contentType: ImageContentType;
  /** The extension to store the file under: ours, not the uploader's. */
  ext: 'png' | 'jpg' | 'gif' | 'webp';
  width: number;
  height: number;
}

export type UploadRejection =
  | 'upload.empty'
  | 'upload.too_large'
  | 'upload.bad_filename'
  | 'upload.not_an_image'
  | 'upload.extension_mismatch'
  | 'upload.type_mismatch'
  | 'upload.malformed'
  | 'upload.dimensions_too_large'
  | 'upload.active_content';

const formats = {
  png: { contentType: 'image/png', ext: 'png', extensions: ['png'] },
  jpeg: { contentType: 'image/jpeg', ext: 'jpg', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  gif: { contentType: 'image/gif', ext: 'gif', extensions: ['gif'] },
  webp: { contentType: 'image/webp', ext: 'webp', extensions: ['webp'] },
} as const;
type Format = keyof typeof formats;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  prefix.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, at: number, text: string) =>
  startsWith(
    bytes,
    [...text].map((ch) => ch.charCodeAt(0)),
    at,
  );

function sniff(bytes: Uint8Array): Format | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'webp';
  return undefined;
}

type Size = { width: number; height: number } | undefined;

/**
 * Walks the chunks: IHDR first (it holds the size), at least one IDAT (the pixels), IEND last and
 * at the very end. A half-sent or cut-off file never gets this far. CRCs are not checked: the
 * structure is what a browser needs to decode the image, and what a truncated upload lacks.
 */
function pngSize(view: DataView, bytes: Uint8Array): Size {
  if (bytes.length < 24 || !ascii(bytes, 12, 'IHDR')) return undefined;
  let at = 8;
  let sawData = false;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const next = at + 12 + length;
    if (next > bytes.length) return undefined;
    if (ascii(bytes, at + 4, 'IDAT')) sawData = true;
    if (ascii(bytes, at + 4, 'IEND')) {
      return sawData && next === bytes.length
        ? { width: view.getUint32(16), height: view.getUint32(20) }
        : undefined;
    }
    at = next;
  }
  return undefined;
}

function gifSize(view: DataView, bytes: Uint8Array): Size {
  // Every complete GIF ends with its trailer byte; a cut-off file is refused.
  if (bytes.length < 14 || bytes[bytes.length - 1] !== 0x3b) return undefined;
  return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
}

/** Walks JPEG segments to the first start-of-frame marker, which holds the dimensions. */
function jpegSize(view: DataView, bytes: Uint8Array): Size {
  let at = 2;
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    if (marker === 0xd9 || marker === 0xda) return undefined; // end or scan data before any frame
    at += 2 + view.getUint16(at + 2);
  }
  return undefined;
}

function webpSize(view: DataView, bytes: Uint8Array): Size {
  if (bytes.length < 30) return undefined;
  if (ascii(bytes, 12, 'VP8X')) {
    const w = (bytes[24] ?? 0) | ((bytes[25] ?? 0) << 8) | ((bytes[26] ?? 0) << 16);
    const h = (bytes[27] ?? 0) | ((bytes[28] ?? 0) << 8) | ((bytes[29] ?? 0) << 16);
    return { width: w + 1, height: h + 1 };
  }
  if (ascii(bytes, 12, 'VP8 ') && startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) {
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  if (ascii(bytes, 12, 'VP8L') && bytes[20] === 0x2f) {
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return undefined;
}

const sizeReaders: Record<Format, (view: DataView, bytes: Uint8Array) => Size> = {
  png: pngSize,
  jpeg: jpegSize,
  gif: gifSize,
  webp: webpSize,
};

/**
 * Byte sequences that make a file something a browser, a PHP host or an archive tool would treat
 * as active content: a tag name with the delimiter after it, or a scheme, or a file signature. A
 * photo's compressed data is close to random, so a short marker turns up in it by chance: "<svg"
 * alone (4 bytes) is in ~1 of 170 three-megabyte photos. With the delimiter every marker is 5+
 * bytes, and all of them together match random data about once in 2,000 three-megabyte files
 * (the scan is a second line: uploads are served as images with nosniff and a sandbox CSP).
 */
const ACTIVE_MARKUP =
  /<(?:script|html|svg|iframe|object|embed|body|img)[\s/>]|<!doctype|<\?xml|<\?php|onerror=|onload=|javascript:|%pdf-/;

/**
 * A ZIP (JAR, DOCX, APK…) is found by archive tools from its end-of-central-directory record in
 * the last 64 KiB + 22 bytes of a file, and an appended archive keeps its local headers there
 * too: the ZIP signatures (4 bytes) are looked for only in that window.
 */
const ZIP_WINDOW = 65_557;
const ZIP_SIGNATURES = ['pk\u0003\u0004', 'pk\u0005\u0006'];

function hasActiveContent(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString('latin1').toLowerCase();
  if (ACTIVE_MARKUP.test(text)) return true;
  const tail = text.slice(Math.max(0, text.length - ZIP_WINDOW));
  return ZIP_SIGNATURES.some((signature) => tail.includes(signature));
}

/** A name to show staff: bounded, no path separators, no control characters. */
const isSafeName = (name: string) =>
  name.length >= 1 &&
  name.length <= 255 &&
  ![...name].some((ch) => ch === '/' || ch === '\\' || (ch.codePointAt(0) ?? 0) < 0x20 || ch === '\u007f');

export function inspectImageUpload(
  bytes: Uint8Array,
  filename: string,
  declaredType: string,
): Result<InspectedImage, UploadRejection> {
  if (bytes.length === 0) return fail('upload.empty');
  if (bytes.length > MAX_UPLOAD_BYTES) return fail('upload.too_large');
  if (!isSafeName(filename)) return fail('upload.bad_filename');
  const format = sniff(bytes);
  if (!format) return fail('upload.not_an_image');
  const spec = formats[format];
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(filename)?.[1]?.toLowerCase();
  if (!extension || !(spec.extensions as readonly string[]).includes(extension)) {
    return fail('upload.extension_mismatch');
  }
  const declared = declaredType.split(';')[0]?.trim().toLowerCase();
  if (declared !== spec.contentType && !(format === 'jpeg' && declared === 'image/jpg')) {
    return fail('upload.type_mismatch');
  }
  if (hasActiveContent(bytes)) return fail('upload.active_content');
  const size = sizeReaders[format](new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes);
  if (!size || size.width < 1 || size.height < 1) return fail('upload.malformed');
  if (
    size.width > MAX_IMAGE_SIDE ||
    size.height > MAX_IMAGE_SIDE ||
    size.width * size.height > MAX_IMAGE_PIXELS
  ) {
    return fail('upload.dimensions_too_large');
  }
  return ok({ contentType: spec.contentType, ext: spec.ext, width: size.width, height: size.height });
}

/**
 * A project icon: an image by every rule above, at most MAX_ICON_BYTES, and between ICON_SIDE.min
 * and ICON_SIDE.max pixels on each side (an app icon is shown at 48-512 px).
 */
export function inspectIconUpload(
  bytes: Uint8Array,
  filename: string,
  declaredType: string,
): Result<InspectedImage, UploadRejection | 'upload.icon_dimensions'> {
  if (bytes.length > MAX_ICON_BYTES) return fail('upload.too_large');
  const inspected = inspectImageUpload(bytes, filename, declaredType);
  if (!inspected.ok) return inspected;
  const { width, height } = inspected.value;
  const fits = (side: number) => side >= ICON_SIDE.min && side <= ICON_SIDE.max;
  return fits(width) && fits(height) ? inspected : fail('upload.icon_dimensions');
}

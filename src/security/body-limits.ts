import { MAX_ICON_BYTES } from './uploads.ts';

/**
 * Request body ceilings, enforced before anything parses a body (413). Forms and JSON are small;
 * an upload route adds its own entry here with `UPLOAD_BODY_LIMIT`.
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** One image (uploads.ts MAX_UPLOAD_BYTES) plus multipart framing and a few small fields. */
export const UPLOAD_BODY_LIMIT = 5 * 1024 * 1024 + 64 * 1024;

/** One project icon (uploads.ts MAX_ICON_BYTES) plus multipart framing. */
export const ICON_BODY_LIMIT = MAX_ICON_BYTES + 64 * 1024;

/** Routes allowed more than the default, by exact path pattern. */
export const bodyLimitRules: ReadonlyArray<{ path: RegExp; maxBytes: number }> = [
  { path: /^\/admin\/projects\/[^/]+\/icon$/, maxBytes: ICON_BODY_LIMIT },
];

export function bodyLimitFor(path: string): number {
  return bodyLimitRules.find((rule) => rule.path.test(path))?.maxBytes ?? DEFAULT_BODY_LIMIT;
}

/**
 * Request body ceilings, enforced before anything parses a body (413). Forms and JSON are small;
 * an upload route adds its own entry here with `UPLOAD_BODY_LIMIT`.
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** One image (uploads.ts MAX_UPLOAD_BYTES) plus multipart framing and a few small fields. */
export const UPLOAD_BODY_LIMIT = 5 * 1024 * 1024 + 64 * 1024;

/** Routes allowed more than the default, by exact path pattern. */
export const bodyLimitRules: ReadonlyArray<{ path: RegExp; maxBytes: number }> = [];

export function bodyLimitFor(path: string): number {
  return bodyLimitRules.find((rule) => rule.path.test(path))?.maxBytes ?? DEFAULT_BODY_LIMIT;
}

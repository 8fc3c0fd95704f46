import { MAX_ICON_BYTES, MAX_UPLOAD_BYTES } from './uploads.ts';

/**
 * Request body ceilings, enforced before anything parses a body (413). Forms and JSON are small;
 * an upload route adds its own entry here with `UPLOAD_BODY_LIMIT`.
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** One image (uploads.ts MAX_UPLOAD_BYTES) plus multipart framing and a few small fields. */
export const UPLOAD_BODY_LIMIT = MAX_UPLOAD_BYTES + 64 * 1024;

export interface BodyLimitRule {
  path: RegExp;
  maxBytes: number;
  /** The JSON answer for a refused body, naming the field at fault (page scripts show the reason). */
  refusal?: { error: string; field: string };
}

/** One project icon (uploads.ts MAX_ICON_BYTES) plus multipart framing. */
export const ICON_BODY_LIMIT = MAX_ICON_BYTES + 64 * 1024;

/** A CSV of leads (CRM-5): 100,000 rows of a dozen columns are ≈ 15 MB; streamed to disk, never buffered. */
export const MAX_CSV_UPLOAD_BYTES = 50 * 1024 * 1024;
export const CSV_UPLOAD_BODY_LIMIT = MAX_CSV_UPLOAD_BYTES + 64 * 1024;

/** Routes allowed more than the default, by exact path pattern. */
export const bodyLimitRules: readonly BodyLimitRule[] = [
  // Visitor images (VIS-5): a phone photo is 2-5 MB.
  {
    path: /^\/p\/[^/]+\/uploads$/,
    maxBytes: UPLOAD_BODY_LIMIT,
    refusal: { error: 'upload.too_large', field: 'file' },
  },
  { path: /^\/admin\/projects\/[^/]+\/icon$/, maxBytes: ICON_BODY_LIMIT },
  { path: /^\/(admin|manager)\/leads\/import$/, maxBytes: CSV_UPLOAD_BODY_LIMIT },
];

export function bodyLimitFor(path: string): { maxBytes: number; refusal?: BodyLimitRule['refusal'] } {
  return bodyLimitRules.find((rule) => rule.path.test(path)) ?? { maxBytes: DEFAULT_BODY_LIMIT };
}

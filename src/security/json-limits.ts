import { fail, ok, type Result } from '../shared/result.ts';

/**
 * JSON from the public (widget transport, future API) is bounded before JSON.parse builds it:
 * nesting depth and the number of keys + array items are counted in one pass over the text, so a
 * `[[[[…` bomb or a million-field object costs a scan, never a deep parse (SEC-8). The body size
 * itself is already capped by the body-limit middleware.
 */
export interface JsonLimits {
  maxDepth: number;
  maxFields: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 8, maxFields: 200 };

export type JsonRejection = 'json.malformed' | 'json.too_deep' | 'json.too_many_fields';

export function parseBoundedJson(
  text: string,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): Result<unknown, JsonRejection> {
  let depth = 0;
  let fields = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > limits.maxDepth) return fail('json.too_deep');
    } else if (ch === 0x7d || ch === 0x5d) depth--;
    else if (ch === 0x2c || ch === 0x3a) {
      // Every ':' is a key and every ',' a further item: together they bound what parse creates.
      if (++fields > limits.maxFields * 2) return fail('json.too_many_fields');
    }
  }
  try {
    return ok(JSON.parse(text));
  } catch {
    return fail('json.malformed');
  }
}

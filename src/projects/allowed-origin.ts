import { z } from 'zod';
import { cspSource, parseOriginPattern } from '../security/origin.ts';
import { fail, ok, type Result } from '../shared/result.ts';

/**
 * Allowed embed origins as an admin types them (PROJ-1, WID-5). Acceptance is the security
 * module's origin parser (the same one the widget and frame-ancestors checks use); this file adds
 * the messages shown beside the field and the canonical form stored in project_origins.
 */
export const ORIGIN_HELP = 'Use scheme://host[:port], e.g. https://www.client.com or https://*.client.com';

const IPV4 = /^\*\.\d{1,3}(\.\d{1,3}){3}$/;

export function parseAllowedOrigin(input: string): Result<string, string> {
  const text = input.trim();
  // A trailing slash is how browsers show an origin in the address bar: accept it.
  const parsed = parseOriginPattern(text.replace(/\/$/, ''));
  const host = text.replace(/^[a-z]+:\/\//i, '').replace(/[:/].*$/, '');
  if (text.includes('*') && (!parsed.ok || IPV4.test(host))) {
    return fail(`"${text}": a wildcard needs a domain under it, like https://*.client.com`);
  }
  if (!parsed.ok) return fail(`"${text}" is not an origin. ${ORIGIN_HELP}`);
  return ok(cspSource(parsed.value));
}

/** One origin per line (blank lines ignored, duplicates folded); every bad line is reported. */
export function parseAllowedOrigins(text: string): Result<string[], string> {
  const lines = text
    .split(/[\r\n]+/)
    .map((line) => line.trim())
    .filter(Boolean);
  const origins = new Set<string>();
  const problems: string[] = [];
  for (const line of lines) {
    const parsed = parseAllowedOrigin(line);
    if (parsed.ok) origins.add(parsed.value);
    else problems.push(parsed.code);
  }
  if (problems.length > 0) return fail(problems.join(' '));
  if (origins.size > 50) return fail('At most 50 origins per project.');
  return ok([...origins].sort());
}

/** A form field of allowed origins, one per line or comma-separated: parsed, or the first error. */
export function allowedOriginsField() {
  return z
    .string()
    .default('')
    .transform((value, ctx) => {
      const parsed = parseAllowedOrigins(value);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.code });
        return z.NEVER;
      }
      return parsed.value;
    });
}

import { z } from 'zod';
import type { FieldErrors } from '../shared/field-errors.ts';
import { validateImportRow } from './lead-import.ts';

/**
 * The body of `POST /api/web-leads` (CRM-1, WID-6; README "Embedding" → lead-form.js), JSON or
 * form-encoded. Contact fields obey the very rules of CSV and Sheets imports (lead-import.ts):
 * at least a phone or an email, the phone normalised to E.164 with the project's country for
 * numbers written without +code. The attribution fields (landing_url, referrer, utm_*, click ids)
 * are read leniently by attribution.ts, as at chat start: junk there never costs a lead.
 */
export interface WebLead {
  clientId: string;
  name: string | null;
  /** E.164 */
  phone: string | null;
  phoneCountry: string | null;
  /** Lower-cased. */
  email: string | null;
  pageUrl: string | null;
  formName: string | null;
}

const CONTROL_CHARS = /[\p{Cc}\u2028\u2029]/u;
const CLIENT_ID = /^[A-Za-z0-9_-]{8,100}$/;

const optionalText = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text.` })
    .max(max, { error: `${field} is longer than ${max} characters.` })
    .optional();

const webLeadShape = z.object({
  client_id: z
    .string({
      error: (issue) => (issue.input === undefined ? 'client_id is required.' : 'client_id must be text.'),
    })
    .regex(CLIENT_ID, { error: 'client_id must be 8–100 letters, digits, "-" or "_" (a UUID).' }),
  project: optionalText('project', 64),
  name: optionalText('name', 480),
  phone: optionalText('phone', 128),
  email: optionalText('email', 1016),
  page_url: optionalText('page_url', 2000),
  form: optionalText('form', 120),
});

function pageUrlOf(raw: string | undefined): { value: string | null } | { error: string } {
  const text = raw?.trim() ?? '';
  if (text === '') return { value: null };
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return { value: url.href };
  } catch {
    // reported below
  }
  return { error: 'page_url must be an http(s) address.' };
}

/** The project the lead is for: the `project` slug, absent or blank = the default project. */
export const webLeadProjectSlug = (body: Record<string, unknown>): string | undefined =>
  typeof body.project === 'string' ? body.project.trim() || undefined : undefined;

/** Validates and normalises one web lead; every failing field is reported, keyed by its body name. */
export function parseWebLead(
  body: Record<string, unknown>,
  defaultCountry: string | null,
): { ok: true; lead: WebLead } | { ok: false; errors: FieldErrors } {
  const shape = webLeadShape.safeParse(body);
  if (!shape.success) {
    const errors: FieldErrors = {};
    for (const issue of shape.error.issues) errors[String(issue.path[0] ?? 'body')] ??= issue.message;
    return { ok: false, errors };
  }
  const input = shape.data;
  const errors: FieldErrors = {};
  const row = validateImportRow(
    [input.name ?? '', input.phone ?? '', input.email ?? ''],
    { name: 0, phone: 1, email: 2 },
    { defaultCountry: defaultCountry ?? undefined },
  );
  if (!row.ok) {
    for (const { field, reason } of row.errors) {
      const key = field === 'phone' || field === 'email' ? field : 'name';
      errors[key] ??= reason.replace(
        'the import has no default country',
        'the project has no default country',
      );
    }
  }
  const pageUrl = pageUrlOf(input.page_url);
  if ('error' in pageUrl) errors.page_url = pageUrl.error;
  const formName = input.form?.trim() ?? '';
  if (CONTROL_CHARS.test(formName)) errors.form = 'form contains characters we cannot store.';
  if (!row.ok || 'error' in pageUrl || errors.form) return { ok: false, errors };
  return {
    ok: true,
    lead: {
      clientId: input.client_id,
      name: row.lead.name,
      phone: row.lead.phone,
      phoneCountry: row.lead.phoneCountry,
      email: row.lead.email,
      pageUrl: pageUrl.value,
      formName: formName || null,
    },
  };
}

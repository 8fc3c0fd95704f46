import { z } from 'zod';
import { type Contact, type ContactErrors, type ContactField, validateContact } from './contact-rules.ts';

/**
 * Server side of the contact form (VIS-2): the body's shape with zod (wrong types, arrays,
 * oversized values), then the very rules the browser runs (contact-rules.ts). Unknown fields are
 * ignored; the attribution fields beside the contact are read leniently by attribution.ts.
 */
// Raw caps are generous (whitespace is trimmed later); the precise limits are in contact-rules.ts.
const text = (field: ContactField, max: number) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? missing[field] : `${label[field]} must be text.`),
    })
    .max(max * 4, { error: `${label[field]} is too long.` });

const label: Record<ContactField, string> = {
  name: 'Name',
  country: 'Country',
  phone: 'Phone',
  email: 'Email',
};
const missing: Record<ContactField, string> = {
  name: 'Please enter your name.',
  country: 'Please choose your country.',
  phone: 'Please enter your phone number.',
  email: 'Please enter your email.',
};

const contactShape = z.object({
  name: text('name', 120),
  country: text('country', 2).optional(),
  phone: text('phone', 32),
  email: text('email', 254).optional(),
});

export type ContactFormResult = { ok: true; contact: Contact } | { ok: false; errors: ContactErrors };

const fields = new Set<string>(['name', 'country', 'phone', 'email']);

export function parseContactForm(body: unknown): ContactFormResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: { name: missing.name, phone: missing.phone } };
  }
  const shape = contactShape.safeParse(body);
  if (!shape.success) {
    const errors: ContactErrors = {};
    for (const issue of shape.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (fields.has(field)) errors[field as ContactField] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const { name, country = '', phone, email = '' } = shape.data;
  const checked = validateContact({ name, country, phone, email });
  return 'errors' in checked ? { ok: false, errors: checked.errors } : { ok: true, contact: checked.contact };
}

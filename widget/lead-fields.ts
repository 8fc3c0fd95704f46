/**
 * Which inputs of a site's form are the lead's name, phone and email (WID-6; the rules are
 * listed in the README, "Embedding" → lead-form.js). Per control, first match wins:
 * 1. `type`: `email` → email, `tel` → phone;
 * 2. `autocomplete`: `email`; `tel`, `tel-national`, `tel-local`; `name`, `given-name`,
 *    `additional-name`, `family-name` (parts of a name are joined in form order);
 * 3. the `name` or `id` attribute: email / e-mail / mail; phone / tel / mobile / cell / whatsapp;
 *    name / fullname / first_name / last_name / fname / lname / surname (never username, company…).
 * Skipped: hidden, password, checkbox, radio, file and button controls, disabled ones, and whole
 * forms marked `data-cp-ignore` or holding a password field (sign-in and sign-up forms).
 */
export interface LeadFields {
  name?: string;
  phone?: string;
  email?: string;
}

type Kind = 'name' | 'phone' | 'email';

const SKIPPED_TYPES = new Set([
  'hidden',
  'password',
  'checkbox',
  'radio',
  'file',
  'submit',
  'button',
  'reset',
  'image',
]);
const MAX = { name: 120, phone: 32, email: 254 } as const;

const NAME_TOKENS = new Set(['name', 'given-name', 'additional-name', 'family-name']);
const PHONE_TOKENS = new Set(['tel', 'tel-national', 'tel-local']);
const BY_ATTRIBUTE: Array<[Kind, RegExp]> = [
  ['email', /^(e[-_]?mail|mail)(?:[-_]?address)?$|[-_]e[-_]?mail$|^e[-_]?mail[-_]/i],
  ['phone', /^(phone|tel|telephone|mobile|cell|whatsapp)(?:[-_]?(number|no))?$|[-_](phone|tel|mobile)$/i],
  [
    'name',
    /^(full[-_]?name|name|your[-_]?name|first[-_]?name|last[-_]?name|fname|lname|surname|given[-_]?name|family[-_]?name)$/i,
  ],
];

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** By tag name, not instanceof: a form of another frame (or a test's DOM) has other constructors. */
const isControl = (element: Element): element is Control => /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName);
const typeOf = (control: Control) =>
  control.tagName === 'INPUT' ? (control as HTMLInputElement).type.toLowerCase() : '';

function kindOf(control: Control): Kind | undefined {
  const type = typeOf(control);
  if (type === 'email') return 'email';
  if (type === 'tel') return 'phone';
  // The last token is the field name; earlier ones are sections and hints (`shipping tel`).
  const token = (control.getAttribute('autocomplete') ?? '').trim().toLowerCase().split(/\s+/).pop() ?? '';
  if (token === 'email') return 'email';
  if (PHONE_TOKENS.has(token)) return 'phone';
  if (NAME_TOKENS.has(token)) return 'name';
  for (const attribute of [control.getAttribute('name'), control.id]) {
    if (!attribute) continue;
    const match = BY_ATTRIBUTE.find(([, pattern]) => pattern.test(attribute));
    if (match) return match[0];
  }
  return undefined;
}

/** The contact fields a submitted form carries, or undefined when it has none (a search box). */
export function leadFieldsOf(form: HTMLFormElement): LeadFields | undefined {
  if (form.hasAttribute('data-cp-ignore')) return undefined;
  const controls = [...form.elements].filter(isControl);
  if (controls.some((control) => typeOf(control) === 'password')) return undefined;
  const parts: Record<Kind, string[]> = { name: [], phone: [], email: [] };
  for (const control of controls) {
    if (control.disabled || SKIPPED_TYPES.has(typeOf(control))) continue;
    const kind = kindOf(control);
    const value = control.value.trim();
    if (kind && value) parts[kind].push(value);
  }
  const fields: LeadFields = {};
  if (parts.name.length > 0) fields.name = parts.name.join(' ').replace(/\s+/g, ' ').slice(0, MAX.name);
  if (parts.phone[0]) fields.phone = parts.phone[0].slice(0, MAX.phone);
  if (parts.email[0]) fields.email = parts.email[0].slice(0, MAX.email);
  return Object.keys(fields).length > 0 ? fields : undefined;
}

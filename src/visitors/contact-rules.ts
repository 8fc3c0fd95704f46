import { type CountryCode, getCountries, parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * The contact-form rules (VIS-2), shared word for word by the server (contact-form.ts) and the
 * browser bundle (client/form.ts), so both sides accept and refuse exactly the same input.
 * libphonenumber-js's "min" metadata: per-country lengths and leading digits, ~30 KB gzipped.
 */
export type ContactField = 'name' | 'country' | 'phone' | 'email';
export type ContactErrors = Partial<Record<ContactField, string>>;

export interface ContactInput {
  name: string;
  country: string;
  phone: string;
  email: string;
}

export interface Contact {
  name: string;
  /** E.164, e.g. +447911123456 */
  phone: string;
  email: string | null;
}

export const CONTACT_LIMITS = { name: 120, phone: 32, email: 254 } as const;

const CONTROL_CHARS = /[\p{Cc}\u2028\u2029]/u;
const HAS_LETTER = /\p{L}/u;
const PHONE_CHARS = /^[0-9+()\-.\s/]+$/;
// Deliberately simple: one @, no spaces, a dot in the domain, none of the characters that only
// appear in a display name or markup (<>()[]\,;:"). The server never sends mail blindly.
const EMAIL_SHAPE = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@.<>()[\]\\,;:"]+(\.[^\s@.<>()[\]\\,;:"]+)+$/;

const countrySet = new Set<string>(getCountries());
export const isCountryCode = (value: string): value is CountryCode => countrySet.has(value);

export function checkName(raw: string): string | undefined {
  const name = raw.trim();
  if (name === '') return 'Please enter your name.';
  if (name.length > CONTACT_LIMITS.name)
    return `Please keep your name under ${CONTACT_LIMITS.name} characters.`;
  if (CONTROL_CHARS.test(name)) return 'Your name contains characters we cannot store.';
  if (!HAS_LETTER.test(name)) return 'Please enter your name using letters.';
  return undefined;
}

const CHOOSE_COUNTRY = 'Please choose your country.';

export function checkCountry(raw: string): string | undefined {
  return isCountryCode(raw) ? undefined : CHOOSE_COUNTRY;
}

/**
 * A number as it was pasted, in plain ASCII: contacts apps and WhatsApp wrap numbers in direction
 * marks, web pages use no-break or thin spaces and dashes, Asian keyboards type full-width digits.
 */
export function cleanPhoneInput(raw: string): string {
  return raw
    .normalize('NFKC') // full-width digits and plus, compatibility spaces → ASCII
    .replace(/\p{Cf}/gu, '') // direction marks, zero-width characters
    .replace(/\p{Zs}/gu, ' ')
    .replace(/[\p{Pd}\u2212]/gu, '-')
    .trim();
}

/**
 * The phone as E.164 when it is a valid number for the chosen country, or for its own
 * international prefix (+91…, or 0091… as most of the world dials it) whatever the selector says.
 */
export function phoneToE164(country: string, raw: string): { e164: string } | { error: string } {
  const input = cleanPhoneInput(raw);
  if (input === '') return { error: 'Please enter your phone number.' };
  if (input.length > CONTACT_LIMITS.phone || !PHONE_CHARS.test(input)) {
    return { error: 'Please enter digits only, for example 7700 900123.' };
  }
  const international = input.startsWith('+') || input.startsWith('00');
  if (!international && !isCountryCode(country)) return { error: CHOOSE_COUNTRY };
  const parsed = parsePhoneNumberFromString(input, isCountryCode(country) ? country : undefined);
  if (parsed?.isValid()) return { e164: parsed.number };
  const dialledAbroad = input.startsWith('00') ? parsePhoneNumberFromString(`+${input.slice(2)}`) : undefined;
  if (dialledAbroad?.isValid()) return { e164: dialledAbroad.number };
  return { error: 'This number is not valid for the chosen country.' };
}

/** The country a number's own international prefix names (+91… → IN), for the selector. */
export function countryOfInternational(raw: string): CountryCode | undefined {
  const input = cleanPhoneInput(raw);
  if (!input.startsWith('+') && !input.startsWith('00')) return undefined;
  const parsed = parsePhoneNumberFromString(input.startsWith('+') ? input : `+${input.slice(2)}`);
  return parsed?.isValid() ? parsed.country : undefined;
}

export function checkEmail(raw: string): string | undefined {
  const email = raw.trim();
  if (email === '') return undefined; // optional: a lead is never lost for want of an email
  if (email.length > CONTACT_LIMITS.email || CONTROL_CHARS.test(email) || !EMAIL_SHAPE.test(email)) {
    return 'Please enter a valid email address, like name@example.com.';
  }
  return undefined;
}

/** Every rule at once: either the cleaned contact or one message per failing field. */
export function validateContact(input: ContactInput): { contact: Contact } | { errors: ContactErrors } {
  const errors: ContactErrors = {};
  const nameError = checkName(input.name);
  if (nameError) errors.name = nameError;
  const phoneInput = cleanPhoneInput(input.phone);
  const international = phoneInput.startsWith('+') || phoneInput.startsWith('00');
  const countryError = international ? undefined : checkCountry(input.country);
  if (countryError) errors.country = countryError;
  const phone = phoneToE164(input.country, input.phone);
  // A missing country is reported once, on the country field, not again on the phone.
  if ('error' in phone && phone.error !== CHOOSE_COUNTRY) errors.phone = phone.error;
  const emailError = checkEmail(input.email);
  if (emailError) errors.email = emailError;
  if (Object.keys(errors).length > 0 || 'error' in phone) return { errors };
  return {
    contact: {
      name: input.name.trim().replace(/\s+/g, ' '),
      phone: phone.e164,
      email: input.email.trim() === '' ? null : input.email.trim().toLowerCase(),
    },
  };
}

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
// Deliberately simple: one @, no spaces, a dot in the domain. The server never sends mail blindly.
const EMAIL_SHAPE = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

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

/** The phone as E.164 when it is a valid number for the chosen country (or its own +code). */
export function phoneToE164(country: string, raw: string): { e164: string } | { error: string } {
  const input = raw.trim();
  if (input === '') return { error: 'Please enter your phone number.' };
  if (input.length > CONTACT_LIMITS.phone || !PHONE_CHARS.test(input)) {
    return { error: 'Please enter digits only, for example 7700 900123.' };
  }
  if (!input.startsWith('+') && !isCountryCode(country)) return { error: CHOOSE_COUNTRY };
  const parsed = parsePhoneNumberFromString(input, isCountryCode(country) ? country : undefined);
  if (!parsed?.isValid()) return { error: 'This number is not valid for the chosen country.' };
  return { e164: parsed.number };
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
  const countryError = input.phone.trim().startsWith('+') ? undefined : checkCountry(input.country);
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

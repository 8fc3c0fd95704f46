import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Phone search (AGENT-2, ADR 0038). Numbers are stored as E.164; for search each chat also keeps
 * its phone's digits reversed (`visitor_phone_reversed`), so "the number ends with these digits"
 * is a prefix, which a B-tree index answers as a range. A query is normalised like the stored
 * numbers (libphonenumber), then matched on its digits: the full number in any format, or its
 * last digits, finds the chat.
 */

/** The longest key the column holds (E.164 has at most 15 digits). */
const KEY_LENGTH = 20;
/** Fewer digits than this are not a phone search (they would match a tenth of every bucket). */
export const MIN_PHONE_QUERY_DIGITS = 3;

const PHONE_QUERY = /^[\d\s+().\-/]+$/;

export function phoneSearchKey(phone: string | null | undefined): string | null {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits === '' ? null : [...digits].reverse().join('').slice(0, KEY_LENGTH);
}

/**
 * The digits a phone-like query stands for, or undefined when it is not one (letters, or too few
 * digits): "+1 201-555-0102", "+44 (0)7911 123456" (libphonenumber drops the "(0)"), the national
 * "07911 123456" (trunk 0 dropped), "0044…" (international prefix dropped), or trailing digits.
 */
export function phoneQueryDigits(query: string): string | undefined {
  const text = query.trim();
  if (!PHONE_QUERY.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_QUERY_DIGITS) return undefined;
  if (text.startsWith('+')) {
    const parsed = parsePhoneNumberFromString(text);
    return parsed?.isPossible() ? parsed.number.slice(1) : digits;
  }
  if (digits.startsWith('00')) return digits.slice(2);
  // A national number written with its trunk prefix: the stored E.164 has the code instead.
  if (digits.startsWith('0') && digits.length >= 8) return digits.replace(/^0+/, '');
  return digits;
}

/**
 * The key range of chats whose number ends with `digits`: keys starting with the reversed digits,
 * i.e. from that prefix up to the prefix with its last digit raised by one (digits sort the same
 * in every collation, unlike the punctuation a "prefix + highest character" bound would need).
 */
export function phoneKeyRange(digits: string): { from: string; below: string | undefined } {
  const from = [...digits].reverse().join('').slice(0, KEY_LENGTH);
  let end = from;
  while (end.endsWith('9')) end = end.slice(0, -1);
  const below = end === '' ? undefined : `${end.slice(0, -1)}${Number(end.at(-1)) + 1}`;
  return { from, below };
}

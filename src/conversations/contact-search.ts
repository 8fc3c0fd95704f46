import { phoneKeyRange, phoneQueryDigits, phoneSearchKey } from './phone-search.ts';

/**
 * Search by a contact's name, email or phone without a contains-scan (ADR 0016, 0038, 0048): the
 * one rule the lead inbox, the chats table and the agent buckets share. A phone-like query matches
 * the end of the number (its reversed digits as a key prefix), a query with `@` the beginning of
 * the lower-cased email, anything else the beginning of the lower-cased name. Each is a key range
 * `[from, below)` on a column written beside the contact, so a B-tree index answers it.
 */

/** The longest name key kept (the contact form's own limit). */
const NAME_KEY_LENGTH = 120;
const EMAIL_KEY_LENGTH = 254;

export type ContactSearchField = 'phone' | 'email' | 'name';

export interface ContactSearch {
  field: ContactSearchField;
  from: string;
  /** Exclusive end; undefined when no key sorts above the range (a phone prefix of all 9s). */
  below: string | undefined;
}

export const nameSearchKey = (name: string | null | undefined): string | null =>
  name?.trim().toLowerCase().slice(0, NAME_KEY_LENGTH) || null;

export const emailSearchKey = (email: string | null | undefined): string | null =>
  email?.trim().toLowerCase().slice(0, EMAIL_KEY_LENGTH) || null;

/** The string just above every string starting with `prefix` (for an index range on a prefix). */
export function prefixUpperBound(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop()?.codePointAt(0) ?? 0;
  return `${chars.join('')}${String.fromCodePoint(last + 1)}`;
}

/** The key range a search box query stands for, or undefined for an empty query. */
export function contactSearch(query: string | undefined): ContactSearch | undefined {
  const text = query?.trim().toLowerCase();
  if (!text) return undefined;
  const digits = phoneQueryDigits(text);
  if (digits) return { field: 'phone', ...phoneKeyRange(digits) };
  if (text.includes('@')) {
    const from = text.slice(0, EMAIL_KEY_LENGTH);
    return { field: 'email', from, below: prefixUpperBound(from) };
  }
  const from = text.slice(0, NAME_KEY_LENGTH);
  return { field: 'name', from, below: prefixUpperBound(from) };
}

/** A chat's search keys, written with its contact on every insert (insertConversation). */
export const conversationSearchColumns = (contact: {
  visitor_name?: string | null | undefined;
  visitor_phone?: string | null | undefined;
  visitor_email?: string | null | undefined;
}) => ({
  visitor_name_key: nameSearchKey(contact.visitor_name),
  visitor_email_key: emailSearchKey(contact.visitor_email),
  visitor_phone_reversed: phoneSearchKey(contact.visitor_phone),
});

/** The columns of a chat each search field reads. */
export const conversationSearchColumn = {
  phone: 'visitor_phone_reversed',
  email: 'visitor_email_key',
  name: 'visitor_name_key',
} as const satisfies Record<ContactSearchField, string>;

import { phoneSearchKey } from '../conversations/phone-search.ts';

/** The search keys every write of a lead's name or phone writes beside them (lead inbox search, ADR 0038). */
export const leadSearchColumns = (contact: { name: string | null; phone: string | null }) => ({
  name_key: contact.name?.trim().toLowerCase().slice(0, 120) || null,
  phone_reversed: phoneSearchKey(contact.phone),
});

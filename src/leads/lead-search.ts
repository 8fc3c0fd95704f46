import { nameSearchKey } from '../conversations/contact-search.ts';
import { phoneSearchKey } from '../conversations/phone-search.ts';

/** The search keys every write of a lead's name or phone writes beside them (lead inbox search, ADR 0038). */
export const leadSearchColumns = (contact: { name: string | null; phone: string | null }) => ({
  name_key: nameSearchKey(contact.name),
  phone_reversed: phoneSearchKey(contact.phone),
});

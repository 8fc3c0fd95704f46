import type { ImportedLead } from './lead-import.ts';

/** Two leads are the same person when their E.164 phones or their lower-cased emails are equal. */
export interface LeadIdentity {
  phone: string | null;
  email: string | null;
}

export const leadIdentity = (lead: ImportedLead): LeadIdentity => ({ phone: lead.phone, email: lead.email });

/**
 * The rows seen so far in one file, by phone and by email. E.164 is at most 15 digits, so a phone
 * is kept as a number (exact, ~3× smaller than the string): 100,000 rows cost a few MB.
 */
export function createDuplicateIndex() {
  const byPhone = new Map<number, number>();
  const byEmail = new Map<string, number>();
  return {
    /** The earlier row with this phone (checked first) or this email, if any. */
    firstRowOf(identity: LeadIdentity): { rowNumber: number; by: 'phone' | 'email' } | undefined {
      const phoneRow = identity.phone ? byPhone.get(Number(identity.phone.slice(1))) : undefined;
      if (phoneRow !== undefined) return { rowNumber: phoneRow, by: 'phone' };
      const emailRow = identity.email ? byEmail.get(identity.email) : undefined;
      return emailRow === undefined ? undefined : { rowNumber: emailRow, by: 'email' };
    },
    remember(identity: LeadIdentity, rowNumber: number): void {
      if (identity.phone) {
        const key = Number(identity.phone.slice(1));
        if (!byPhone.has(key)) byPhone.set(key, rowNumber);
      }
      if (identity.email && !byEmail.has(identity.email)) byEmail.set(identity.email, rowNumber);
    },
  };
}
export type DuplicateIndex = ReturnType<typeof createDuplicateIndex>;

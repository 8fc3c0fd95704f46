import { createHash } from 'node:crypto';
import { phoneToE164 } from '../visitors/contact-rules.ts';
import type { ColumnMapping, ImportField } from './lead-import.ts';

/**
 * Which rows of a polled Google Sheet are new (CRM-6). A row is identified by what it says, not
 * where it is (docs/decisions/0019-lead-imports.md): the hash of its identifying cells, namely
 * the phone as E.164 (as typed when it is not a valid number), the lower-cased email and, when
 * mapped, the timestamp Google Forms writes. So inserting rows above it, sorting the sheet or
 * editing its name or notes keep its identity; editing its phone, email or timestamp makes it a
 * different row, imported again (and merged by the lead service's duplicate rule). Pure.
 */
export const SHEET_IDENTITY_FIELDS = [
  'phone',
  'email',
  'submittedAt',
] as const satisfies readonly ImportField[];

export interface NewSheetRow {
  /** Where the row is in this read of the sheet (it may move later; the identity does not). */
  rowNumber: number;
  /** 32 hex characters; store it per source to remember the row was seen. */
  identity: string;
  cells: string[];
}

export interface SheetRowOptions {
  defaultCountry?: string;
  /** Sheet row number of rows[0], the header (SheetRows.firstRowNumber). Default 1. */
  firstRowNumber?: number;
}

const hash = (parts: readonly string[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);

/** The row's identity, or undefined for a row with nothing in it. */
export function sheetRowIdentity(
  cells: readonly string[],
  mapping: ColumnMapping,
  options: Pick<SheetRowOptions, 'defaultCountry'> = {},
): string | undefined {
  const cell = (field: ImportField) => {
    const index = mapping[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const phoneText = cell('phone').replace(/\s+/g, '');
  const phone = phoneText === '' ? undefined : phoneToE164(options.defaultCountry ?? '', phoneText);
  const identifying = [
    phone && 'e164' in phone ? phone.e164 : phoneText,
    cell('email').toLowerCase(),
    cell('submittedAt'),
  ];
  if (identifying.some((part) => part !== '')) return hash(['v1', ...identifying]);
  // No contact and no timestamp: the row can only be told apart by all it says (it will be rejected).
  const content = cells.map((value) => value.trim());
  return content.some((value) => value !== '') ? hash(['v1-content', ...content]) : undefined;
}

/**
 * The data rows (rows[0] is the header) whose identity is not in `seen`, in sheet order. A second
 * row with the same identity in one read is the same row and comes back once; blank rows never.
 */
export function newSheetRows(
  rows: readonly string[][],
  mapping: ColumnMapping,
  seen: ReadonlySet<string>,
  options: SheetRowOptions = {},
): NewSheetRow[] {
  const firstRowNumber = options.firstRowNumber ?? 1;
  const fresh: NewSheetRow[] = [];
  const thisRead = new Set<string>();
  for (const [index, cells] of rows.entries()) {
    if (index === 0) continue;
    const identity = sheetRowIdentity(cells, mapping, options);
    if (!identity || seen.has(identity) || thisRead.has(identity)) continue;
    thisRead.add(identity);
    fresh.push({ rowNumber: firstRowNumber + index, identity, cells: [...cells] });
  }
  return fresh;
}

import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { LEAD_STAGES, type LeadStage, leadStageLabel } from '../leads/lead-stage.ts';
import { checkEmail, checkName, isCountryCode, phoneToE164 } from '../visitors/contact-rules.ts';
import { COLUMN_SYNONYMS, CONTACT_KEYWORDS } from './column-synonyms.ts';
import { type DateOrder, dateOrderExample, parseCalendarDate } from './import-dates.ts';
import { cleanText, TEXT_FIELDS } from './import-text.ts';

/**
 * One imported row (CSV upload or Google Sheet, CRM-5/CRM-6) → a normalised lead, or the reasons
 * it cannot be one. Pure. Contact rules are the web form's (src/visitors/contact-rules.ts): the
 * same phone number is the same E.164 whichever door it came in by.
 */
export const IMPORT_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'phone',
  'email',
  'stage',
  'followUpOn',
  'remark',
  'note',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmTerm',
  'utmContent',
  'gclid',
  'fbclid',
  'pageUrl',
  'externalId',
  'submittedAt',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const importFieldLabel: Record<ImportField, string> = {
  name: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  phone: 'Phone',
  email: 'Email',
  stage: 'Stage',
  followUpOn: 'Follow-up date',
  remark: 'Final remark',
  note: 'Note',
  utmSource: 'UTM source',
  utmMedium: 'UTM medium',
  utmCampaign: 'UTM campaign',
  utmTerm: 'UTM term',
  utmContent: 'UTM content',
  gclid: 'Google click id (gclid)',
  fbclid: 'Facebook click id (fbclid)',
  pageUrl: 'Page URL',
  externalId: 'External id',
  submittedAt: 'Submitted at (timestamp)',
};

/** Field → 0-based column index in the file's header row. Unmapped fields are absent. */
export type ColumnMapping = Partial<Record<ImportField, number>>;

export interface ImportedLead {
  name: string | null;
  /** E.164, e.g. +447911123456 */
  phone: string | null;
  /** ISO 3166 country of the number (+1 alone does not say which of 25 countries). */
  phoneCountry: string | null;
  /** Lower-cased. */
  email: string | null;
  stage: LeadStage | null;
  /** YYYY-MM-DD */
  followUpOn: string | null;
  remark: string | null;
  note: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  gclid: string | null;
  fbclid: string | null;
  pageUrl: string | null;
  externalId: string | null;
  /** As the sheet shows it (Google Forms' "Timestamp"); identifies a row, never parsed. */
  submittedAt: string | null;
}

export interface FieldError {
  /** 'row' when the row as a whole is at fault (quotes, too many cells). */
  field: ImportField | 'row';
  reason: string;
}

export interface ImportRowOptions {
  /** ISO country for numbers written without +code: one per import or sheet source. */
  defaultCountry?: string;
  /** How to read 05/04/2026; ISO dates are always accepted. Default 'dmy'. */
  dateOrder?: DateOrder;
}

export type ImportRowValidation = { ok: true; lead: ImportedLead } | { ok: false; errors: FieldError[] };

/** What a header means once accents, case, spacing, punctuation and a BOM are ignored. */
export const headerKey = (header: string): string =>
  header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

const SYNONYM_KEYS = new Map<ImportField, Set<string>>(
  IMPORT_FIELDS.map((field) => [field, new Set(COLUMN_SYNONYMS[field].map(headerKey))]),
);

/** The mapping a person most likely wants; each header serves one field, the leftmost wins. */
export function suggestColumnMapping(headers: readonly string[]): ColumnMapping {
  const keys = headers.map(headerKey);
  const used = new Set<number>();
  const mapping: ColumnMapping = {};
  const claim = (field: ImportField, match: (key: string) => boolean) => {
    if (mapping[field] !== undefined) return;
    const index = keys.findIndex((key, i) => !used.has(i) && key !== '' && match(key));
    if (index === -1) return;
    mapping[field] = index;
    used.add(index);
  };
  for (const field of IMPORT_FIELDS) claim(field, (key) => SYNONYM_KEYS.get(field)?.has(key) ?? false);
  for (const [field, words] of Object.entries(CONTACT_KEYWORDS) as [ImportField, string[]][]) {
    claim(field, (key) => words.some((word) => key.includes(word)));
  }
  // A separate first/last name pair only matters when no full-name column exists.
  if (mapping.name !== undefined) {
    delete mapping.firstName;
    delete mapping.lastName;
  }
  return mapping;
}

/** Problems with the mapping itself, found before any row is read. */
export function checkColumnMapping(mapping: ColumnMapping, columnCount: number): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, index] of Object.entries(mapping) as [ImportField, number][]) {
    if (!Number.isInteger(index) || index < 0 || index >= columnCount) {
      errors.push({
        field,
        reason: `${importFieldLabel[field]} is mapped to a column the file does not have.`,
      });
    }
  }
  if (mapping.phone === undefined && mapping.email === undefined) {
    errors.push({ field: 'phone', reason: 'Map a column to Phone or Email: a lead needs at least one.' });
  }
  return errors;
}

const SCIENTIFIC = /^\+?\d([.,]\d+)?e\+?\d+$/i;

function phoneOf(
  text: string,
  country: string,
): { e164: string; country: string | null } | { error: string } {
  // Facebook lead exports write "p:+447400123456" so that spreadsheets keep the + sign.
  const raw = text.replace(/^p:/i, '');
  if (SCIENTIFIC.test(raw)) {
    return {
      error: `The spreadsheet turned this number into ${raw}: format the column as text and export again.`,
    };
  }
  if (!raw.startsWith('+') && !isCountryCode(country)) {
    return { error: 'This number has no +country code and the import has no default country.' };
  }
  const phone = phoneToE164(country, raw);
  if ('error' in phone) return phone;
  return { e164: phone.e164, country: parsePhoneNumberFromString(phone.e164)?.country ?? null };
}

function stageOf(raw: string): LeadStage | undefined {
  const key = headerKey(raw);
  return LEAD_STAGES.find((stage) => headerKey(stage) === key || headerKey(leadStageLabel[stage]) === key);
}

type Cell = (field: ImportField) => string;
interface RowDraft {
  lead: ImportedLead;
  errors: FieldError[];
}

function readName(cell: Cell, mapping: ColumnMapping, { lead, errors }: RowDraft): void {
  const name = cell('name') || [cell('firstName'), cell('lastName')].filter(Boolean).join(' ');
  if (name === '') return;
  const nameError = checkName(name);
  if (nameError) errors.push({ field: mapping.name !== undefined ? 'name' : 'firstName', reason: nameError });
  else lead.name = name.replace(/\s+/g, ' ');
}

function readContact(cell: Cell, options: ImportRowOptions, { lead, errors }: RowDraft): void {
  const [phoneText, emailText] = [cell('phone'), cell('email')];
  if (phoneText !== '') {
    const phone = phoneOf(phoneText, options.defaultCountry ?? '');
    if ('error' in phone) errors.push({ field: 'phone', reason: phone.error });
    else [lead.phone, lead.phoneCountry] = [phone.e164, phone.country];
  }
  const emailError = checkEmail(emailText);
  if (emailError) errors.push({ field: 'email', reason: emailError });
  else if (emailText !== '') lead.email = emailText.toLowerCase();
  if (phoneText === '' && emailText === '') {
    errors.push({
      field: 'phone',
      reason: 'No phone number and no email address: a lead needs at least one.',
    });
  }
}

function readFollowUp(cell: Cell, options: ImportRowOptions, { lead, errors }: RowDraft): void {
  const stageText = cell('stage');
  if (stageText !== '') {
    const stage = stageOf(stageText);
    if (stage) lead.stage = stage;
    else
      errors.push({
        field: 'stage',
        reason: `Unknown stage "${stageText.slice(0, 40)}": use ${stageNames}.`,
      });
  }
  const dateText = cell('followUpOn');
  if (dateText === '') return;
  const order = options.dateOrder ?? 'dmy';
  const date = parseCalendarDate(dateText, order);
  if (date) lead.followUpOn = date;
  else
    errors.push({ field: 'followUpOn', reason: `Not a date: use YYYY-MM-DD or ${dateOrderExample[order]}.` });
}

function readTexts(cell: Cell, { lead, errors }: RowDraft): void {
  for (const field of TEXT_FIELDS) {
    const text = cell(field);
    if (text === '') continue;
    const result = cleanText(field, text);
    if ('error' in result) errors.push({ field, reason: result.error });
    else lead[field] = result.value || null;
  }
}

/** Validates and normalises one row; every failing field is reported, not just the first. */
export function validateImportRow(
  raw: readonly string[],
  mapping: ColumnMapping,
  options: ImportRowOptions = {},
): ImportRowValidation {
  const cell: Cell = (field) => {
    const index = mapping[field];
    return index === undefined ? '' : (raw[index] ?? '').trim();
  };
  const draft: RowDraft = { lead: emptyLead(), errors: [] };
  readName(cell, mapping, draft);
  readContact(cell, options, draft);
  readFollowUp(cell, options, draft);
  readTexts(cell, draft);
  return draft.errors.length > 0 ? { ok: false, errors: draft.errors } : { ok: true, lead: draft.lead };
}

const stageNames = LEAD_STAGES.map((stage) => leadStageLabel[stage]).join(', ');

function emptyLead(): ImportedLead {
  return {
    name: null,
    phone: null,
    phoneCountry: null,
    email: null,
    stage: null,
    followUpOn: null,
    remark: null,
    note: null,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    gclid: null,
    fbclid: null,
    pageUrl: null,
    externalId: null,
    submittedAt: null,
  };
}

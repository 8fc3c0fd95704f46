import { describe, expect, test } from 'bun:test';
import {
  type ImportRowOutcome,
  type ImportTotals,
  importCsvRows,
  previewCsv,
} from '../../../src/crm/csv-import.ts';
import { reportLinesFor } from '../../../src/crm/import-report.ts';
import type { ColumnMapping, ImportedLead, ImportRowOptions } from '../../../src/crm/lead-import.ts';
import { collect, fixture, streamOf } from './csv-support.ts';

/**
 * Every awkward file in tests/fixtures/csv, each read whole and in 1-, 7- and 64-byte chunks (a
 * BOM, a CRLF or a UTF-8 character split across chunks must not matter), gives the per-row
 * report below, and its counts add up to the data rows the file holds (counted by hand here).
 */
type ReportRow = [rowNumber: number, outcome: string, field: string, reason: RegExp];

interface FixtureCase {
  file: string;
  /** Defaults to the suggested mapping from the preview. */
  mapping?: ColumnMapping;
  options?: ImportRowOptions;
  delimiter?: string;
  encoding?: string;
  totals: Omit<ImportTotals, 'dataRows'> & { dataRows: number };
  report: ReportRow[];
  leads?: (leads: Map<number, ImportedLead>) => void;
}

const GB = { defaultCountry: 'GB' };

const cases: FixtureCase[] = [
  {
    file: 'utf8-bom-excel.csv',
    options: GB,
    encoding: 'utf-8-bom',
    totals: { dataRows: 2, valid: 2, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
    leads: (leads) => {
      expect(leads.get(2)).toMatchObject({
        name: 'José Álvarez',
        phone: '+447400123001',
        phoneCountry: 'GB',
      });
      expect(leads.get(2)).toMatchObject({
        stage: 'new',
        followUpOn: '2026-12-25',
        utmCampaign: 'winter-sale',
      });
      expect(leads.get(3)).toMatchObject({
        email: 'zoe@example.com',
        stage: 'qualified',
        followUpOn: '2026-12-31',
      });
    },
  },
  {
    file: 'utf8-no-bom.csv',
    encoding: 'utf-8',
    totals: { dataRows: 2, valid: 2, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
    leads: (leads) => {
      expect(leads.get(2)).toMatchObject({ name: '山田 太郎', phone: '+819012345678', phoneCountry: 'JP' });
      expect(leads.get(3)).toMatchObject({ name: 'Łukasz Żółw', phone: '+48512345678', phoneCountry: 'PL' });
    },
  },
  {
    file: 'utf16le-bom-facebook-leads.csv',
    delimiter: '\t',
    encoding: 'utf-16le',
    totals: { dataRows: 2, valid: 2, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
    leads: (leads) => {
      expect(leads.get(2)).toMatchObject({ name: 'Ann Lee', phone: '+447400123010', externalId: 'l:1001' });
      expect(leads.get(2)?.submittedAt).toBe('2026-11-20T10:15:00+0000');
    },
  },
  {
    file: 'utf16be-bom.csv',
    encoding: 'utf-16be',
    totals: { dataRows: 1, valid: 1, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
    leads: (leads) => expect(leads.get(2)).toMatchObject({ name: 'Chloé Martin', phone: '+33612345678' }),
  },
  {
    file: 'semicolon-european.csv',
    options: { defaultCountry: 'DE' },
    delimiter: ';',
    totals: { dataRows: 2, valid: 2, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
    leads: (leads) => {
      expect(leads.get(2)).toMatchObject({
        name: 'Jürgen Müller',
        phone: '+4915123456789',
        note: 'Rückruf; 1,5 Std',
      });
      expect(leads.get(3)?.note).toBe('Preis 1.299,00 €');
    },
  },
  {
    file: 'tab-delimited.csv',
    delimiter: '\t',
    totals: { dataRows: 1, valid: 1, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
    leads: (leads) =>
      expect(leads.get(2)).toMatchObject({ phone: '+919876543210', utmCampaign: 'diwali, 2026' }),
  },
  {
    file: 'quotes-and-newlines.csv',
    totals: { dataRows: 3, valid: 3, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
    leads: (leads) => {
      expect(leads.get(2)).toMatchObject({
        name: 'Smith, Ann',
        note: 'Called twice.\nWants a quote for "premium" plan.',
      });
      expect(leads.get(3)).toMatchObject({ name: "O'Brien, Liam", note: 'Line one\nLine two\nLine three' });
      expect(leads.get(4)?.name).toBe('Plain Row');
    },
  },
  {
    file: 'missing-columns.csv',
    totals: { dataRows: 3, valid: 2, rejected: 1, duplicate: 0, empty: 0 },
    report: [[3, 'rejected', 'Phone', /no phone number and no email/i]],
    leads: (leads) => expect(leads.get(4)).toMatchObject({ name: null, email: 'carol@example.com' }),
  },
  {
    file: 'extra-columns.csv',
    totals: { dataRows: 3, valid: 2, rejected: 1, duplicate: 0, empty: 0 },
    report: [[4, 'rejected', 'Row', /7 values but the header has 5 columns: .*unquoted comma/]],
  },
  {
    file: 'ragged-rows.csv',
    totals: { dataRows: 4, valid: 3, rejected: 1, duplicate: 0, empty: 0 },
    report: [[4, 'rejected', 'Phone', /no phone number and no email/i]],
    leads: (leads) =>
      expect(leads.get(2)).toMatchObject({ name: 'Ann', phone: '+447400123040', email: null }),
  },
  {
    file: 'empty-lines.csv',
    totals: { dataRows: 7, valid: 2, rejected: 0, duplicate: 0, empty: 5 },
    report: [5, 6, 7, 9, 10].map((row): ReportRow => [row, 'skipped', '', /^Empty row\.$/]),
    leads: (leads) => expect([...leads.keys()]).toEqual([4, 8]),
  },
  {
    file: 'duplicates.csv',
    options: GB,
    totals: { dataRows: 7, valid: 3, rejected: 1, duplicate: 3, empty: 0 },
    report: [
      [3, 'duplicate', 'Phone', /^Same phone as row 2\.$/],
      [4, 'duplicate', 'Email', /^Same email as row 2\.$/],
      [6, 'duplicate', 'Phone', /^Same phone as row 5\.$/],
      [7, 'rejected', 'Phone', /not valid/],
    ],
    // A rejected row claims nothing: the next valid row with its email is the first.
    leads: (leads) => expect([...leads.keys()]).toEqual([2, 5, 8]),
  },
  {
    file: 'invalid-phones-emails.csv',
    options: GB,
    totals: { dataRows: 8, valid: 1, rejected: 7, duplicate: 0, empty: 0 },
    report: [
      [2, 'rejected', 'Phone', /turned this number into 4\.47400E\+11: format the column as text/],
      [3, 'rejected', 'Phone', /not valid/],
      [4, 'rejected', 'Phone', /digits only/],
      [5, 'rejected', 'Email', /valid email address/],
      [6, 'rejected', 'Phone', /not valid/],
      [6, 'rejected', 'Email', /valid email address/],
      [7, 'rejected', 'Phone', /no phone number and no email/i],
      [8, 'rejected', 'Name', /letters/],
    ],
  },
  {
    file: 'header-only.csv',
    totals: { dataRows: 0, valid: 0, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
  },
  {
    file: 'windows-1252.csv',
    delimiter: ';',
    encoding: 'windows-1252',
    totals: { dataRows: 2, valid: 2, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
    leads: (leads) => {
      expect(leads.get(2)?.name).toBe('Renée Faÿ');
      expect(leads.get(3)?.name).toBe('Marc “Le Chef”');
    },
  },
  {
    file: 'unclosed-quote.csv',
    totals: { dataRows: 2, valid: 1, rejected: 1, duplicate: 0, empty: 0 },
    report: [[3, 'rejected', 'Row', /never closed, so the rest of the file was read into it/]],
  },
  {
    file: 'malformed-quote.csv',
    totals: { dataRows: 1, valid: 0, rejected: 1, duplicate: 0, empty: 0 },
    report: [[2, 'rejected', 'Row', /quote/]],
  },
  {
    file: 'mixed-line-endings.csv',
    totals: { dataRows: 3, valid: 3, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
    leads: (leads) => expect([...leads.values()].map((lead) => lead.name)).toEqual(['Ann', 'Ben', 'Cat']),
  },
  {
    file: 'whitespace-headers.csv',
    totals: { dataRows: 1, valid: 1, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
    leads: (leads) =>
      expect(leads.get(2)).toMatchObject({ name: 'Ann', phone: '+447400123120', email: 'ann@example.com' }),
  },
  {
    file: 'google-forms.csv',
    totals: { dataRows: 2, valid: 2, rejected: 0, duplicate: 0, empty: 0 },
    report: [],
    leads: (leads) => {
      expect(leads.get(2)).toMatchObject({
        name: 'Ann',
        phone: '+447400123130',
        note: 'Hi, call me after 5',
      });
      expect(leads.get(2)?.submittedAt).toBe('2026/11/20 10:15:03 AM GMT');
    },
  },
  {
    file: 'fields-and-stages.csv',
    totals: { dataRows: 3, valid: 1, rejected: 2, duplicate: 0, empty: 0 },
    report: [
      [3, 'rejected', 'Stage', /Unknown stage "Won": use New, Qualified, Not qualified, Converted/],
      [3, 'rejected', 'Follow-up date', /Not a date: use YYYY-MM-DD or DD\/MM\/YYYY/],
      [3, 'rejected', 'Page URL', /http:\/\/ or https:\/\//],
      [4, 'rejected', 'Follow-up date', /DD\/MM\/YYYY/],
    ],
    leads: (leads) =>
      expect(leads.get(2)).toMatchObject({
        stage: 'not_qualified',
        followUpOn: '2026-02-28',
        pageUrl: 'https://example.com/offer?utm_source=fb',
        utmSource: 'facebook',
        remark: 'ok',
      }),
  },
];

const CHUNK_SIZES = [undefined, 1, 7, 64];

async function run(item: FixtureCase, chunkSize: number | undefined) {
  const bytes = fixture(item.file);
  const preview = await previewCsv(streamOf(bytes, chunkSize));
  if (!preview.ok) throw new Error(`${item.file}: ${preview.message}`);
  const mapping = item.mapping ?? preview.value.suggestedMapping;
  const result = await collect(await importCsvRows(streamOf(bytes, chunkSize), mapping, item.options ?? GB));
  return { preview: preview.value, ...result };
}

const reportOf = (rows: ImportRowOutcome[]) =>
  rows.flatMap(reportLinesFor).map((line) => [line.rowNumber, line.outcome, line.field, line.reason]);

describe('awkward CSV files give the documented per-row report (CRM-5)', () => {
  for (const item of cases) {
    test(item.file, async () => {
      const runs = await Promise.all(CHUNK_SIZES.map((size) => run(item, size)));
      const [whole] = runs;
      if (!whole) throw new Error('no run');
      const { totals, rows } = whole;
      expect(totals).toEqual(item.totals);
      expect(totals.valid + totals.rejected + totals.duplicate + totals.empty).toBe(totals.dataRows);
      expect(rows).toHaveLength(item.totals.dataRows);
      if (item.delimiter) expect(whole.preview.delimiter).toBe(item.delimiter as ',');
      if (item.encoding) expect(whole.importing.encoding).toBe(item.encoding as 'utf-8');

      const report = reportOf(rows);
      expect(report.map(([row, outcome, field]) => [row, outcome, field])).toEqual(
        item.report.map(([row, outcome, field]) => [row, outcome, field]),
      );
      for (const [i, expected] of item.report.entries()) expect(String(report[i]?.[3])).toMatch(expected[3]);

      const leads = new Map(
        rows.flatMap((row) => (row.outcome === 'valid' ? [[row.rowNumber, row.lead]] : [])),
      );
      item.leads?.(leads);
      for (const other of runs.slice(1)) expect(other.rows).toEqual(rows);
    });
  }
});

describe('files that are not CSV get one file-level error and no rows', () => {
  const refused: [file: string, code: string, message: RegExp][] = [
    ['empty.csv', 'empty', /The file is empty/],
    ['bom-and-blank-lines.csv', 'empty', /The file is empty/],
    ['renamed-png.csv', 'not_csv', /This file is a PNG image, not a CSV file\. .*CSV UTF-8/],
    ['renamed-xlsx.csv', 'not_csv', /an Excel workbook \(\.xlsx\) or another ZIP archive, not a CSV file/],
    ['mixed-encoding.csv', 'not_csv', /not valid UTF-8 text from here on: it mixes encodings/],
  ];
  for (const [file, code, message] of refused) {
    test(file, async () => {
      for (const size of CHUNK_SIZES) {
        const preview = await previewCsv(streamOf(fixture(file), size));
        expect(preview).toMatchObject({ ok: false, code });
        if (!preview.ok) expect(preview.message).toMatch(message);
        const imported = await importCsvRows(streamOf(fixture(file), size), { phone: 0 });
        expect(imported).toMatchObject({ ok: false, code });
      }
    });
  }
});

import { describe, expect, test } from 'bun:test';
import Papa from 'papaparse';
import { importCsvRows, previewCsv } from '../../../src/crm/csv-import.ts';
import { CsvFileError } from '../../../src/crm/csv-records.ts';
import { importReportCsv, reportLinesFor } from '../../../src/crm/import-report.ts';
import { collect, fixture, importAll, streamOf, utf8 } from './csv-support.ts';

const header = 'Name,Phone,Email\n';
/** `count` valid rows, about 45 bytes each, numbered from `from`. */
const rowsText = (count: number, from = 0) =>
  Array.from(
    { length: count },
    (_, i) => `Person ${from + i},+4474${String(from + i).padStart(8, '0')},p${from + i}@example.com\n`,
  ).join('');
const join = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((part) => [...part]));
const GB = { defaultCountry: 'GB' };
const mapping = { name: 0, phone: 1, email: 2 };

describe('previewCsv', () => {
  test('shows the header, the first non-empty rows with their row numbers and a suggested mapping', async () => {
    const preview = await previewCsv(streamOf(fixture('empty-lines.csv')), { rows: 1 });
    expect(preview).toEqual({
      ok: true,
      value: {
        headers: ['Name', 'Phone', 'Email'],
        headerRowNumber: 3,
        rows: [{ rowNumber: 4, cells: ['Ann', '+447400123050', 'ann@example.com'] }],
        delimiter: ',',
        encoding: 'utf-8',
        suggestedMapping: { name: 0, phone: 1, email: 2 },
      },
    });
  });

  test('reads only the beginning of a large file and releases the rest', async () => {
    let pulled = 0;
    let cancelled = false;
    const body = utf8(header + rowsText(20_000));
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= body.length) return controller.close();
        controller.enqueue(body.slice(pulled, pulled + 4096));
        pulled += 4096;
      },
      cancel() {
        cancelled = true;
      },
    });
    const preview = await previewCsv(source, { rows: 10 });
    expect(preview.ok && preview.value.rows.map((row) => row.rowNumber)).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
    expect(pulled).toBeLessThan(80 * 1024);
    expect(body.length).toBeGreaterThan(800 * 1024);
    expect(cancelled).toBe(true);
  });
});

describe('importCsvRows refuses a mapping the file cannot fill', () => {
  test('a field mapped to a column the file does not have', async () => {
    const result = await importCsvRows(streamOf(fixture('missing-columns.csv')), { name: 0, phone: 2 });
    expect(result).toMatchObject({ ok: false, code: 'bad_mapping' });
    expect(!result.ok && result.message).toBe('Phone is mapped to a column the file does not have.');
  });

  test('neither phone nor email mapped', async () => {
    const result = await importCsvRows(streamOf(fixture('missing-columns.csv')), { name: 0 });
    expect(result).toMatchObject({
      ok: false,
      code: 'bad_mapping',
      message: expect.stringMatching(/Phone or Email/),
    });
  });
});

describe('encodings decided part-way through the file', () => {
  const asciiRows = rowsText(2_000); // ~90 KB, beyond the 64 KB sample
  test('a Windows-1252 accent after 90 KB of ASCII: the whole file is read as Windows-1252', async () => {
    const bytes = join(
      utf8(header + asciiRows),
      new Uint8Array([0x52, 0x65, 0x6e, 0xe9, 0x65]),
      utf8(',+447400999001,\n'),
    );
    const { rows, totals, importing } = await importAll(bytes, mapping, GB, 4096);
    expect(totals).toEqual({ dataRows: 2_001, valid: 2_001, rejected: 0, duplicate: 0, empty: 0 });
    expect(importing.encoding).toBe('windows-1252');
    expect(rows.at(-1)).toMatchObject({ rowNumber: 2_002, outcome: 'valid', lead: { name: 'Renée' } });
  });

  test('UTF-8 after 90 KB of ASCII stays UTF-8', async () => {
    const { rows, importing } = await importAll(
      utf8(`${header}${asciiRows}Zoë,+447400999002,\n`),
      mapping,
      GB,
      4096,
    );
    expect(importing.encoding).toBe('utf-8');
    expect(rows.at(-1)).toMatchObject({ rowNumber: 2_002, lead: { name: 'Zoë' } });
  });

  test('invalid UTF-8 after valid UTF-8 stops the import with the row it reached', async () => {
    const bytes = join(
      utf8(`${header}Zoë,+447400999003,\n${asciiRows}`),
      new Uint8Array([0x52, 0xe9, 0x2c, 0x0a]),
    );
    const result = await importCsvRows(streamOf(bytes, 4096), mapping, GB);
    if (!result.ok) throw new Error(result.message);
    const seen: number[] = [];
    const failure = await (async () => {
      for await (const row of result.value.rows) seen.push(row.rowNumber);
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CsvFileError);
    const { code, message, rowNumber } = (failure as CsvFileError).failure;
    expect(code).toBe('not_csv');
    expect(message).toMatch(/not valid UTF-8 text from here on/);
    expect(rowNumber).toBe((seen.at(-1) ?? 0) + 1);
    expect(seen.length).toBeGreaterThan(1_000);
    expect(result.value.totals.dataRows).toBe(seen.length);
  });

  test('a NUL byte deep in the file stops the import as binary data', async () => {
    const bytes = join(utf8(header + asciiRows), new Uint8Array([0x00, 0x01, 0x02]));
    const result = await importCsvRows(streamOf(bytes, 4096), mapping, GB);
    if (!result.ok) throw new Error(result.message);
    const drained = collect(result);
    await expect(drained).rejects.toThrow(/contains binary data/);
  });

  test('UTF-16 without a byte-order mark is refused with that explanation', async () => {
    const text = 'Name,Phone\r\nAnn,+447400123456\r\n';
    const bytes = new Uint8Array([...text].flatMap((char) => [char.charCodeAt(0), 0]));
    const result = await previewCsv(streamOf(bytes));
    expect(result).toMatchObject({
      ok: false,
      code: 'not_csv',
      message: expect.stringMatching(/UTF-16 text without a byte-order mark/),
    });
  });
});

describe('rows that would swallow the file', () => {
  test('an unclosed quote followed by more than 1 MB stops with row_too_long at its row', async () => {
    const bytes = utf8(`${header}${rowsText(5)}Ann,+447400123456,"a@example.com\n${rowsText(30_000, 5)}`);
    for (const chunkSize of [16_384, bytes.length]) {
      const result = await importCsvRows(streamOf(bytes, chunkSize), mapping, GB);
      if (!result.ok) throw new Error(result.message);
      const handedOut: number[] = [];
      const failure = await (async () => {
        for await (const row of result.value.rows) handedOut.push(row.rowNumber);
      })().catch((error: unknown) => error);
      expect((failure as CsvFileError).failure).toMatchObject({ code: 'row_too_long', rowNumber: 7 });
      expect(handedOut).toEqual([2, 3, 4, 5, 6]);
    }
  });

  test('values over the column sizes are rejected with the field and the limit', async () => {
    const note = 'x'.repeat(4001);
    const campaign = 'c'.repeat(256);
    const text = `Name,Phone,Notes,Campaign\nAnn,+447400123456,${note},ok\nBen,+447400123457,ok,${campaign}\n`;
    const { rows } = await importAll(utf8(text), { name: 0, phone: 1, note: 2, utmCampaign: 3 }, GB);
    expect(rows.flatMap(reportLinesFor).map((line) => [line.rowNumber, line.field, line.reason])).toEqual([
      [2, 'Note', 'Longer than 4000 characters (4001).'],
      [3, 'UTM campaign', 'Longer than 255 characters (256).'],
    ]);
  });
});

describe('stopping early', () => {
  test('leaving the loop cancels the upload stream', async () => {
    let cancelled = false;
    const body = utf8(header + rowsText(5_000));
    let offset = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= body.length) return controller.close();
        controller.enqueue(body.slice(offset, offset + 1024));
        offset += 1024;
      },
      cancel() {
        cancelled = true;
      },
    });
    const result = await importCsvRows(source, mapping, GB);
    if (!result.ok) throw new Error(result.message);
    for await (const row of result.value.rows) if (row.rowNumber === 3) break;
    expect(cancelled).toBe(true);
    expect(result.value.totals.dataRows).toBe(2);
  });
});

describe('importReportCsv', () => {
  test('a UTF-8 BOM, CRLF lines, one line per reason, and formulas neutralised', async () => {
    const { rows } = await importAll(fixture('invalid-phones-emails.csv'), mapping, GB);
    const lines = [
      ...rows.flatMap(reportLinesFor),
      {
        rowNumber: 99,
        outcome: 'merged',
        field: '=HYPERLINK("http://evil.example","x")',
        reason: '+cmd|calc',
      },
    ];
    const csv = importReportCsv(lines);
    expect(csv.startsWith('\uFEFFRow,Outcome,Field,Reason\r\n')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1).trimEnd(), { newline: '\r\n' }).data;
    expect(parsed).toHaveLength(1 + lines.length);
    expect(parsed[1]).toEqual(['2', 'rejected', 'Phone', expect.stringMatching(/^The spreadsheet turned/)]);
    expect(parsed.at(-1)).toEqual(['99', 'merged', `'=HYPERLINK("http://evil.example","x")`, "'+cmd|calc"]);
  });
});

import type { CsvEncoding } from './csv-decoding.ts';
import {
  type CsvDelimiter,
  CsvFileError,
  type CsvFileFailure,
  type CsvRecord,
  type OpenedCsv,
  openCsv,
} from './csv-records.ts';
import { createDuplicateIndex, leadIdentity } from './lead-identity.ts';
import {
  type ColumnMapping,
  checkColumnMapping,
  type FieldError,
  type ImportedLead,
  type ImportRowOptions,
  suggestColumnMapping,
  validateImportRow,
} from './lead-import.ts';

/**
 * CSV upload (CRM-5): preview, then a streamed import that accounts for every row
 * (docs/decisions/0019-lead-imports.md). Nothing here touches the database: the caller turns
 * `valid` rows into leads (merging with existing ones) and keeps the report lines.
 *
 * Every data row (a record after the header) gets exactly one outcome, so
 * valid + rejected + duplicate + empty = dataRows.
 */
export type ImportRowOutcome =
  | { rowNumber: number; outcome: 'valid'; lead: ImportedLead }
  | { rowNumber: number; outcome: 'rejected'; errors: FieldError[] }
  /** Same phone or email as an earlier valid row of this file: flagged, never silently merged. */
  | {
      rowNumber: number;
      outcome: 'duplicate';
      duplicateOf: number;
      matchedOn: 'phone' | 'email';
      lead: ImportedLead;
    }
  /** Every cell blank: skipped, counted and reported. */
  | { rowNumber: number; outcome: 'empty' };

export interface ImportTotals {
  dataRows: number;
  valid: number;
  rejected: number;
  duplicate: number;
  empty: number;
}

export type CsvResult<T> = { ok: true; value: T } | ({ ok: false } & CsvFileFailure);

export interface CsvPreview {
  headers: string[];
  /** The spreadsheet row of the header: 1 unless blank lines come first. */
  headerRowNumber: number;
  /** The first non-empty data rows, as read. */
  rows: { rowNumber: number; cells: string[] }[];
  delimiter: CsvDelimiter;
  /** 'utf-8' also for a file that has been ASCII so far. */
  encoding: CsvEncoding;
  suggestedMapping: ColumnMapping;
}

export interface CsvImport {
  headers: string[];
  delimiter: CsvDelimiter;
  /** Final once `rows` is exhausted. */
  readonly encoding: CsvEncoding;
  /** Throws CsvFileError if the file turns out not to be text part-way through. */
  rows: AsyncGenerator<ImportRowOutcome, void, undefined>;
  /** Counts so far; final once `rows` is exhausted. */
  readonly totals: ImportTotals;
}

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');
const delimiterName: Record<CsvDelimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

interface OpenedWithHeader {
  csv: OpenedCsv;
  headers: string[];
  headerRowNumber: number;
}

async function openWithHeader(stream: ReadableStream<Uint8Array>): Promise<CsvResult<OpenedWithHeader>> {
  try {
    const csv = await openCsv(stream);
    let header: CsvRecord | undefined;
    for (;;) {
      const next = await csv.records.next();
      if (next.done) break;
      if (!isBlank(next.value.cells)) {
        header = next.value;
        break;
      }
    }
    if (!header)
      return { ok: false, code: 'empty', message: 'The file is empty: there is not even a header row.' };
    const headers = header.cells.map((cell) => cell.replace(/^\uFEFF/, '').trim());
    return { ok: true, value: { csv, headers, headerRowNumber: header.rowNumber } };
  } catch (error) {
    if (error instanceof CsvFileError) return { ok: false, ...error.failure };
    throw error;
  }
}

/** The header, the first `rows` non-empty data rows and a suggested mapping; reads no further. */
export async function previewCsv(
  stream: ReadableStream<Uint8Array>,
  { rows: wanted = 10 }: { rows?: number } = {},
): Promise<CsvResult<CsvPreview>> {
  const opened = await openWithHeader(stream);
  if (!opened.ok) return opened;
  const { csv, headers, headerRowNumber } = opened.value;
  const rows: CsvPreview['rows'] = [];
  try {
    for await (const record of csv.records) {
      if (!isBlank(record.cells)) rows.push({ rowNumber: record.rowNumber, cells: record.cells });
      if (rows.length >= wanted) break;
    }
  } catch (error) {
    if (error instanceof CsvFileError) return { ok: false, ...error.failure };
    throw error;
  } finally {
    await csv.records.return();
  }
  const preview = { headers, headerRowNumber, rows, delimiter: csv.delimiter, encoding: csv.encoding };
  return { ok: true, value: { ...preview, suggestedMapping: suggestColumnMapping(headers) } };
}

/**
 * The data rows of a file as `importCsvRows` numbers them (every record after the header, blank
 * ones included), read without judging them: the import's progress total. A file that stops being
 * text part-way counts the rows before that point.
 */
export async function countCsvDataRows(stream: ReadableStream<Uint8Array>): Promise<number> {
  const opened = await openWithHeader(stream);
  if (!opened.ok) return 0;
  let count = 0;
  try {
    for await (const _record of opened.value.csv.records) count++;
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
  }
  return count;
}

/** Opens the file and checks the mapping against its header; the rows come as they are read. */
export async function importCsvRows(
  stream: ReadableStream<Uint8Array>,
  mapping: ColumnMapping,
  options: ImportRowOptions = {},
): Promise<CsvResult<CsvImport>> {
  const opened = await openWithHeader(stream);
  if (!opened.ok) return opened;
  const { csv, headers } = opened.value;
  const mappingErrors = checkColumnMapping(mapping, headers.length);
  if (mappingErrors.length > 0) {
    await csv.records.return();
    return { ok: false, code: 'bad_mapping', message: mappingErrors.map((error) => error.reason).join(' ') };
  }
  const totals: ImportTotals = { dataRows: 0, valid: 0, rejected: 0, duplicate: 0, empty: 0 };
  const outcomeOf = rowJudge(headers.length, csv.delimiter, mapping, options);

  async function* rows(): AsyncGenerator<ImportRowOutcome, void, undefined> {
    for await (const record of csv.records) {
      const outcome = outcomeOf(record);
      totals.dataRows++;
      totals[outcome.outcome]++;
      yield outcome;
    }
  }

  return {
    ok: true,
    value: {
      headers,
      delimiter: csv.delimiter,
      get encoding() {
        return csv.encoding;
      },
      rows: rows(),
      totals,
    },
  };
}

/** The one outcome of each data row, remembering earlier rows for the in-file duplicate rule. */
function rowJudge(width: number, delimiter: CsvDelimiter, mapping: ColumnMapping, options: ImportRowOptions) {
  const seen = createDuplicateIndex();
  return (record: CsvRecord): ImportRowOutcome => {
    const { rowNumber, cells } = record;
    if (record.problem)
      return { rowNumber, outcome: 'rejected', errors: [{ field: 'row', reason: record.problem }] };
    if (isBlank(cells)) return { rowNumber, outcome: 'empty' };
    if (cells.length > width && !isBlank(cells.slice(width))) {
      const reason = `This row has ${cells.length} values but the header has ${width} columns: a value probably contains an unquoted ${delimiterName[delimiter]}.`;
      return { rowNumber, outcome: 'rejected', errors: [{ field: 'row', reason }] };
    }
    const checked = validateImportRow(cells, mapping, options);
    if (!checked.ok) return { rowNumber, outcome: 'rejected', errors: checked.errors };
    const identity = leadIdentity(checked.lead);
    const first = seen.firstRowOf(identity);
    if (first)
      return {
        rowNumber,
        outcome: 'duplicate',
        duplicateOf: first.rowNumber,
        matchedOn: first.by,
        lead: checked.lead,
      };
    seen.remember(identity, rowNumber);
    return { rowNumber, outcome: 'valid', lead: checked.lead };
  };
}

import Papa from 'papaparse';

/** One CSV column: `key` reads the row, `header` is the first line's text. */
export interface CsvColumn {
  key: string;
  header: string;
}

export interface CsvExportInput {
  columns: readonly CsvColumn[];
  rows: AsyncIterable<Record<string, unknown>>;
  /** Rows per papaparse `unparse` call and per stream chunk (default 1,000). */
  chunkRows?: number;
}

/** Excel reads a CSV as UTF-8 only when it starts with this byte order mark. */
export const CSV_BOM = '\uFEFF';

/**
 * A text cell starting with one of these is prefixed with `'` so a spreadsheet shows it as text
 * instead of running it as a formula (OWASP "CSV injection"). It is papaparse's `escapeFormulae`
 * set; papaparse's own pattern `/^[=+\-@\t\r].*$/` has no `s` flag, so `.*$` fails at the first
 * newline and a multi-line cell such as `=HYPERLINK(…)\n…` went out unescaped. This one only looks
 * at the first character. Numbers (a JS number or bigint, e.g. -5) are never prefixed: a spreadsheet
 * reads them as numbers and no formula can hide in one.
 */
export const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

const UNPARSE_CONFIG: Papa.UnparseConfig = {
  quotes: true,
  newline: '\r\n',
  escapeFormulae: FORMULA_TRIGGER,
};

/**
 * Streams rows as an Excel-safe CSV (docs/decisions/0020): BOM, one header line, every field
 * quoted, CRLF line ends, formula cells escaped, dates as ISO-8601 UTC, null/undefined empty.
 * Pull-based: rows are read from `rows` only when the consumer reads the next chunk, so memory
 * stays flat however many rows there are. Cancelling the stream closes the row iterator.
 */
export function csvExportStream(input: CsvExportInput): ReadableStream<Uint8Array> {
  const { columns, chunkRows = 1000 } = input;
  if (columns.length === 0) throw new Error('csvExportStream needs at least one column');
  const encoder = new TextEncoder();
  const iterator = input.rows[Symbol.asyncIterator]();
  let headerSent = false;

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          const header = Papa.unparse([columns.map((column) => column.header)], UNPARSE_CONFIG);
          controller.enqueue(encoder.encode(`${CSV_BOM}${header}\r\n`));
          return;
        }
        const batch: unknown[][] = [];
        let done = false;
        while (batch.length < chunkRows) {
          const next = await iterator.next();
          if (next.done) {
            done = true;
            break;
          }
          batch.push(columns.map((column) => csvCell(next.value[column.key])));
        }
        if (batch.length > 0)
          controller.enqueue(encoder.encode(`${Papa.unparse(batch, UNPARSE_CONFIG)}\r\n`));
        if (done) controller.close();
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    // No read-ahead: the next chunk of rows is fetched only when a reader asks for it.
    { highWaterMark: 0 },
  );
}

/** The value papaparse writes for one cell; strings it may escape, numbers it keeps as numbers. */
export function csvCell(value: unknown): string | number | bigint | boolean {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'string' || typeof value === 'bigint' || typeof value === 'boolean') return value;
  // Objects (a UTM trail, a list of tags) go out as JSON; anything else as its string form.
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

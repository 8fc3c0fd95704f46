import Papa from 'papaparse';
import { type CsvEncoding, createCsvDecoder, UndecodableError } from './csv-decoding.ts';

/**
 * A CSV byte stream → records (spreadsheet rows), streamed: only the current chunk and one
 * unfinished row are in memory. papaparse's Parser does the quoting; this file feeds it chunks,
 * keeps the unfinished tail for the next chunk (papaparse's own ChunkStreamer does the same), and
 * numbers records the way a spreadsheet numbers rows (a quoted newline does not start a row).
 */
export type CsvDelimiter = ',' | ';' | '\t';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

export type CsvFileFailureCode = 'not_csv' | 'empty' | 'row_too_long' | 'bad_mapping';

export interface CsvFileFailure {
  code: CsvFileFailureCode;
  /** For the person who uploaded the file. */
  message: string;
  /** The spreadsheet row where reading stopped, for failures found mid-file. */
  rowNumber?: number;
}

/** A failure found after rows were already handed out (NUL bytes or broken UTF-8 at row 50,000). */
export class CsvFileError extends Error {
  constructor(readonly failure: CsvFileFailure) {
    super(failure.message);
    this.name = 'CsvFileError';
  }
}

export interface CsvRecord {
  /** 1-based, as a spreadsheet shows it. */
  rowNumber: number;
  cells: string[];
  /** Set when papaparse could not read the row's quoting. */
  problem?: string;
}

export interface OpenedCsv {
  delimiter: CsvDelimiter;
  /** Live: becomes 'windows-1252' if the first non-ASCII byte says so. */
  readonly encoding: CsvEncoding;
  /** Every record from row 1 on, the header included. */
  records: AsyncGenerator<CsvRecord, void, undefined>;
}

const SAMPLE_CHARS = 64 * 1024;
/** One row longer than this is an unclosed quote swallowing the file, not a lead. */
export const MAX_ROW_CHARS = 1024 * 1024;

const QUOTE_PROBLEMS: Record<string, string> = {
  MissingQuotes: 'A quote (") opened in this row is never closed, so the rest of the file was read into it.',
  InvalidQuotes:
    'A quoted value has text after its closing quote; write "" for a quote inside a quoted value.',
};

/** The delimiter that occurs most often outside quotes in the first non-empty line; ties go left. */
export function detectDelimiter(sample: string): CsvDelimiter {
  const counts = new Map<string, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  let seenText = false;
  for (const char of sample) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && char === '\n') {
      if (seenText) break;
    } else if (!inQuotes && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
    if (char.trim() !== '') seenText = true;
  }
  let best: CsvDelimiter = ',';
  for (const delimiter of CSV_DELIMITERS) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  }
  return best;
}

const notCsv = (message: string, rowsRead: number) =>
  new CsvFileError(
    rowsRead === 0
      ? { code: 'not_csv', message }
      : {
          code: 'not_csv',
          message: `${message} Rows 1–${rowsRead} were read before this point.`,
          rowNumber: rowsRead + 1,
        },
  );

/**
 * Reads enough of the stream to choose the delimiter, then hands out records. Throws
 * CsvFileError (before or during the records) when the bytes are not CSV text. Ending the
 * iteration early cancels the stream.
 */
export async function openCsv(stream: ReadableStream<Uint8Array>): Promise<OpenedCsv> {
  const reader = stream.getReader();
  const decoder = createCsvDecoder();
  let rowsSoFar = 0;
  let pendingCr = false;
  /** The next piece of text with every line ending as \n (a \r at a chunk's end waits for the next). */
  const nextText = async (): Promise<string | undefined> => {
    try {
      const chunk = await reader.read();
      let text = chunk.done ? decoder.end() : decoder.push(chunk.value);
      if (pendingCr) text = `\r${text}`;
      pendingCr = !chunk.done && text.endsWith('\r');
      if (pendingCr) text = text.slice(0, -1);
      const normalised = text.replace(/\r\n?/g, '\n');
      return chunk.done && normalised === '' ? undefined : normalised;
    } catch (error) {
      await reader.cancel().catch(() => {});
      if (error instanceof UndecodableError) throw notCsv(error.message, rowsSoFar);
      throw error;
    }
  };

  let sample = '';
  let ended = false;
  while (sample.length < SAMPLE_CHARS) {
    const text = await nextText();
    if (text === undefined) {
      ended = true;
      break;
    }
    sample += text;
  }
  sample = sample.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(sample);

  async function* records(): AsyncGenerator<CsvRecord, void, undefined> {
    const parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"' });
    let tail = '';
    let text: string | undefined = sample;
    try {
      while (text !== undefined) {
        const finalChunk = ended;
        // The newline ending the last row is not a row of its own (papaparse would make it one).
        const input: string = finalChunk ? (tail + text).replace(/\n$/, '') : tail + text;
        const parsed = parser.parse(input, 0, !finalChunk) as Papa.ParseResult<string[]>;
        tail = finalChunk ? '' : input.slice(parsed.meta.cursor);
        const problems = new Map(parsed.errors.map((error) => [error.row, QUOTE_PROBLEMS[error.code]]));
        for (const [i, cells] of parsed.data.entries()) {
          rowsSoFar++;
          const problem = problems.get(i);
          yield problem ? { rowNumber: rowsSoFar, cells, problem } : { rowNumber: rowsSoFar, cells };
        }
        if (tail.length > MAX_ROW_CHARS) {
          throw new CsvFileError({
            code: 'row_too_long',
            message: `Row ${rowsSoFar + 1} is longer than 1 MB: usually a quote (") that is never closed.`,
            rowNumber: rowsSoFar + 1,
          });
        }
        if (finalChunk) break;
        text = await nextText();
        if (text === undefined) {
          ended = true;
          text = '';
        }
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
  }

  return {
    delimiter,
    get encoding() {
      return decoder.encoding;
    },
    records: records(),
  };
}

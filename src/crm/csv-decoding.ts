/**
 * Bytes of an uploaded file → text, chunk by chunk, deciding the encoding from what it sees
 * (docs/decisions/0019-lead-imports.md):
 * - a BOM decides: UTF-8, UTF-16 LE, UTF-16 BE;
 * - without one, the file is read as UTF-8 until its first non-ASCII character. If that character
 *   is not valid UTF-8 the file is Windows-1252 (what Excel for Windows writes for "CSV (Comma
 *   delimited)"), and since everything before it was ASCII, which both encodings spell the same,
 *   nothing already decoded changes. Invalid UTF-8 after valid UTF-8 is a corrupt file;
 * - binary files are refused by their signature (PNG, ZIP/XLSX, PDF…) or by a NUL character.
 */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const csvEncodingLabel: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 (Western European)',
};

/** The bytes are not text we can read; `message` is for the person who uploaded the file. */
export class UndecodableError extends Error {}

const SAVE_AS_CSV = 'Save it from Excel or Google Sheets as "CSV UTF-8" and upload that file.';

const SIGNATURES: { bytes: number[]; kind: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], kind: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], kind: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'an Excel workbook (.xlsx) or another ZIP archive' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], kind: 'a ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], kind: 'an Excel 97-2003 workbook (.xls)' },
  { bytes: [0x1f, 0x8b], kind: 'a compressed (gzip) file' },
];
const SNIFF_BYTES = 8;

const startsWith = (head: Uint8Array, bytes: number[]) => bytes.every((byte, i) => head[i] === byte);

function encodingFromBom(head: Uint8Array): CsvEncoding | undefined {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return 'utf-8-bom';
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  return undefined;
}

function nulMessage(head: Uint8Array): string {
  const nulAt = [...head].flatMap((byte, i) => (byte === 0 ? [i % 2] : []));
  const utf16WithoutBom = nulAt.length >= 2 && nulAt.every((parity) => parity === nulAt[0]);
  return utf16WithoutBom
    ? `This file looks like UTF-16 text without a byte-order mark, which cannot be read reliably. ${SAVE_AS_CSV}`
    : `This file contains binary data, so it is not a CSV file. ${SAVE_AS_CSV}`;
}

/** 'utf-8' or 'windows-1252' from the first non-ASCII byte at `at`; undefined when cut off. */
function decideAt(bytes: Uint8Array, at: number, final: boolean): 'utf-8' | 'windows-1252' | undefined {
  const lead = bytes[at] ?? 0;
  // Lead bytes of a UTF-8 sequence: C2–DF (2 bytes), E0–EF (3), F0–F4 (4); nothing else starts one.
  if (lead < 0xc2 || lead > 0xf4) return 'windows-1252';
  const length = lead <= 0xdf ? 2 : lead <= 0xef ? 3 : 4;
  if (bytes.length - at < length) return final ? 'windows-1252' : undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at, at + length));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
};

const firstNonAscii = (bytes: Uint8Array): number => {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80) return i;
  return -1;
};

export interface CsvDecoder {
  /** Text for these bytes (possibly '' while it still needs more to decide). */
  push(bytes: Uint8Array): string;
  /** The rest of the text at the end of the file. */
  end(): string;
  /** Known once decided; 'utf-8' while the file has been ASCII only. */
  readonly encoding: CsvEncoding;
}

export function createCsvDecoder(): CsvDecoder {
  let pending: Uint8Array = new Uint8Array(0);
  let head: Uint8Array = new Uint8Array(0);
  let sniffed = false;
  let encoding: CsvEncoding | 'undecided' = 'undecided';
  let decoder: TextDecoder | undefined;
  const ascii = new TextDecoder('windows-1252');

  const checked = (text: string): string => {
    if (text.includes('\0')) throw new UndecodableError(nulMessage(head));
    return text;
  };

  const sniff = (first: Uint8Array) => {
    head = first.slice();
    const signature = SIGNATURES.find((candidate) => startsWith(head, candidate.bytes));
    if (signature)
      throw new UndecodableError(`This file is ${signature.kind}, not a CSV file. ${SAVE_AS_CSV}`);
    const bom = encodingFromBom(head);
    if (bom) useEncoding(bom);
    // UTF-16 text is full of NUL bytes; anything else with one is binary.
    else if (head.includes(0)) throw new UndecodableError(nulMessage(head));
    sniffed = true;
  };

  const useEncoding = (chosen: CsvEncoding) => {
    encoding = chosen;
    const label = chosen === 'utf-8-bom' ? 'utf-8' : chosen;
    decoder = new TextDecoder(label, { fatal: label !== 'windows-1252' });
  };

  const decode = (bytes: Uint8Array, final: boolean): string => {
    if (!decoder) {
      const at = firstNonAscii(bytes);
      if (at === -1) return checked(ascii.decode(bytes));
      const decided = decideAt(bytes, at, final);
      if (!decided) {
        pending = bytes.slice(at);
        return checked(ascii.decode(bytes.subarray(0, at)));
      }
      useEncoding(decided);
    }
    try {
      return checked((decoder as TextDecoder).decode(bytes, { stream: !final }));
    } catch (error) {
      if (error instanceof UndecodableError) throw error;
      throw new UndecodableError(
        `This file is not valid ${csvEncodingLabel[encoding as CsvEncoding]} text from here on: it mixes encodings or is damaged. ${SAVE_AS_CSV}`,
      );
    }
  };

  return {
    push(bytes) {
      const input = concat(pending, bytes);
      pending = new Uint8Array(0);
      if (!sniffed) {
        if (input.length < SNIFF_BYTES) {
          pending = input;
          return '';
        }
        sniff(input.subarray(0, SNIFF_BYTES));
      }
      return decode(input, false);
    },
    end() {
      const input = pending;
      pending = new Uint8Array(0);
      if (!sniffed) sniff(input);
      return decode(input, true);
    },
    get encoding() {
      return encoding === 'undecided' ? 'utf-8' : encoding;
    },
  };
}

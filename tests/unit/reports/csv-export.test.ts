import { describe, expect, test } from 'bun:test';
import Papa from 'papaparse';
import { CSV_BOM, csvExportStream } from '../../../src/reports/csv-export.ts';

const columns = [
  { key: 'id', header: 'ID' },
  { key: 'name', header: 'Name, full' },
  { key: 'note', header: 'Note "quoted"' },
  { key: 'amount', header: 'Amount' },
  { key: 'seenAt', header: 'Seen at' },
  { key: 'missing', header: 'Empty' },
];

/** Hard cases in turn: separators, quotes, line breaks, scripts, emoji, and formula starts. */
const notes = [
  'plain',
  'comma, inside',
  'say "hi"',
  'two\nlines',
  'crlf\r\nline',
  'नमस्ते दुनिया',
  'مرحبا 123',
  '你好，世界',
  'emoji 😀👍🏽 family 👨‍👩‍👧',
  '=HYPERLINK("http://evil.example","click")',
  '=1+1\nsecond line',
  '+44 20 7946 0958',
  '-2+3',
  '@SUM(A1:A2)',
  '\tindented',
  '\rcarriage',
  ' leading space',
  'Ünïcødé àccents',
];

function rowAt(i: number): Record<string, unknown> {
  return {
    id: i,
    name: `Visitor ${i}`,
    note: notes[i % notes.length],
    amount: i % 7 === 0 ? -i : i / 4,
    seenAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    missing: i % 2 === 0 ? null : undefined,
  };
}

async function* generateRows(count: number, onRow?: (i: number) => void) {
  for (let i = 0; i < count; i++) {
    onRow?.(i);
    yield rowAt(i);
  }
}

/** What a spreadsheet should show for a cell: the text, with `'` before a formula start. */
function expectedCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return String(value);
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The whole file as text, BOM kept (a plain UTF-8 decode drops it silently). */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const bytes = await new Response(stream).bytes();
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

describe('csvExportStream', () => {
  test('a 100,000-row export parses back to exactly the same rows, formula cells escaped', async () => {
    const count = 100_000;
    const text = await readAll(csvExportStream({ columns, rows: generateRows(count) }));
    expect(
      text.startsWith(`${CSV_BOM}"ID","Name, full","Note ""quoted""","Amount","Seen at","Empty"\r\n`),
    ).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(CSV_BOM.length), { newline: '\r\n' });
    expect(parsed.errors).toEqual([]);
    const rows = parsed.data;
    expect(rows.at(-1)).toEqual(['']); // the file ends with CRLF
    expect(rows.length).toBe(count + 2);
    expect(rows[0]).toEqual(columns.map((column) => column.header));
    for (let i = 0; i < count; i++) {
      const source = rowAt(i);
      const want = columns.map((column) => expectedCell(source[column.key]));
      if (rows[i + 1]?.join('\u0000') !== want.join('\u0000')) expect(rows[i + 1]).toEqual(want);
    }
    // Spot checks of the rules themselves, independent of expectedCell.
    const byNote = new Map(
      rows.slice(1, notes.length + 1).map((row) => [rowAt(Number(row[0])).note, row[2]]),
    );
    expect(byNote.get('=1+1\nsecond line')).toBe("'=1+1\nsecond line");
    expect(byNote.get('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(byNote.get('emoji 😀👍🏽 family 👨‍👩‍👧')).toBe('emoji 😀👍🏽 family 👨‍👩‍👧');
    expect(rows[8]?.[3]).toBe('-7'); // a negative number stays a number
  });

  test('every field is quoted and records end with CRLF', async () => {
    const text = await readAll(csvExportStream({ columns, rows: generateRows(3) }));
    const body = text.slice(CSV_BOM.length);
    expect(body).toBe(
      '"ID","Name, full","Note ""quoted""","Amount","Seen at","Empty"\r\n' +
        '"0","Visitor 0","plain","0","2026-01-01T00:00:00.000Z",""\r\n' +
        '"1","Visitor 1","comma, inside","0.25","2026-01-01T00:01:00.000Z",""\r\n' +
        '"2","Visitor 2","say ""hi""","0.5","2026-01-01T00:02:00.000Z",""\r\n',
    );
  });

  test('papaparse alone would let a multi-line formula through; the export escapes it', () => {
    const cell = '=1+1\nnext';
    expect(Papa.unparse([[cell]], { escapeFormulae: true })).toBe('"=1+1\nnext"');
    expect(Papa.unparse([[cell]], { escapeFormulae: /^[=+\-@\t\r]/ })).toBe('"\'=1+1\nnext"');
  });

  test('rows are pulled only as the consumer reads: one chunk at a time', async () => {
    let produced = 0;
    let closed = false;
    async function* rows() {
      try {
        for (let i = 0; i < 10_000; i++) {
          produced = i + 1;
          yield rowAt(i);
        }
      } finally {
        closed = true;
      }
    }
    const reader = csvExportStream({ columns, rows: rows(), chunkRows: 100 }).getReader();
    await Bun.sleep(0);
    expect(produced).toBe(0);
    await reader.read(); // header
    expect(produced).toBe(0);
    await reader.read(); // first 100 rows
    expect(produced).toBe(100);
    await reader.read();
    expect(produced).toBe(200);
    await reader.cancel();
    expect(closed).toBe(true);
  });

  test('an empty result is a BOM and a header line', async () => {
    const text = await readAll(
      csvExportStream({ columns: [{ key: 'a', header: 'A' }], rows: generateRows(0) }),
    );
    expect(text).toBe(`${CSV_BOM}"A"\r\n`);
  });

  test('a failing row source errors the stream instead of ending it early', async () => {
    async function* rows() {
      yield rowAt(0);
      throw new Error('database went away');
    }
    await expect(readAll(csvExportStream({ columns, rows: rows() }))).rejects.toThrow('database went away');
  });

  test('memory stays flat while 1,000,000 rows stream through', async () => {
    const count = 1_000_000;
    const heapAt: number[] = [];
    const sample = (i: number) => {
      if (i === 50_000 || i === count - 1) {
        Bun.gc(true);
        heapAt.push(process.memoryUsage().heapUsed);
      }
    };
    const reader = csvExportStream({ columns, rows: generateRows(count, sample) }).getReader();
    let bytes = 0;
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      bytes += chunk.value.byteLength;
    }
    const [early = 0, late = 0] = heapAt;
    const growthMb = (late - early) / 1024 / 1024;
    console.log(
      `1,000,000 rows: ${(bytes / 1024 / 1024).toFixed(0)} MB of CSV, heap growth ${growthMb.toFixed(1)} MB`,
    );
    expect(bytes).toBeGreaterThan(75 * 1024 * 1024); // the whole file went through
    expect(growthMb).toBeLessThan(16); // the file is ~83 MB: nothing kept it
  }, 120_000);
});

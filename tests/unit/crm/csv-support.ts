import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CsvImport, type ImportRowOutcome, importCsvRows } from '../../../src/crm/csv-import.ts';
import type { ColumnMapping, ImportRowOptions } from '../../../src/crm/lead-import.ts';

const FIXTURES = join(import.meta.dir, '../../fixtures/csv');

export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** The bytes as an upload body would bring them: in chunks of `size` (all at once by default). */
export function streamOf(bytes: Uint8Array, size = bytes.length || 1): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

export const utf8 = (text: string) => new TextEncoder().encode(text);

export async function collect(result: Awaited<ReturnType<typeof importCsvRows>>) {
  if (!result.ok) throw new Error(`expected the file to open: ${result.code} ${result.message}`);
  const rows: ImportRowOutcome[] = [];
  for await (const row of result.value.rows) rows.push(row);
  return { rows, totals: { ...result.value.totals }, importing: result.value as CsvImport };
}

export async function importAll(
  bytes: Uint8Array,
  mapping: ColumnMapping,
  options: ImportRowOptions = {},
  chunkSize?: number,
) {
  return collect(await importCsvRows(streamOf(bytes, chunkSize), mapping, options));
}

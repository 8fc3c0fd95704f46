import { describe, expect, test } from 'bun:test';
import { streamMultipart } from '../../../src/shared/multipart-stream.ts';

/** The streamed multipart reader of CSV uploads: the file's bytes exactly, whatever the chunking. */
async function bodyOf(form: FormData): Promise<{ bytes: Uint8Array; type: string }> {
  const request = new Request('http://x/', { method: 'POST', body: form });
  // Bun sets the Content-Type lazily: read it before the body.
  const type = request.headers.get('Content-Type') ?? '';
  return { bytes: new Uint8Array(await request.arrayBuffer()), type };
}

function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

describe('streamMultipart', () => {
  // Content that looks like a boundary start, CRLFs and non-ASCII bytes.
  const content = new Uint8Array([
    ...new TextEncoder().encode('Name,Phone\r\n--Ann,é\r\n\r\n'),
    0xff,
    0xfe,
    0x0d,
  ]);

  for (const size of [1, 3, 7, 64, 1 << 20]) {
    test(`chunks of ${size} bytes: the file part exactly, text fields before and after`, async () => {
      const form = new FormData();
      form.set('project', 'P1');
      form.set('file', new File([content], 'leads.csv', { type: 'text/csv' }));
      form.set('after', 'yes');
      const { bytes, type } = await bodyOf(form);
      const received: Uint8Array[] = [];
      const result = await streamMultipart(chunked(bytes, size), type, 'file', (chunk) => {
        received.push(new Uint8Array(chunk));
      });
      expect(result).toEqual({
        ok: true,
        file: { fileName: 'leads.csv', bytes: content.length },
        fields: { project: 'P1', after: 'yes' },
      });
      expect(new Uint8Array(Buffer.concat(received))).toEqual(content);
    });
  }

  test('not multipart, a cut-off body, no file part', async () => {
    const sink = () => undefined;
    expect(await streamMultipart(chunked(new Uint8Array(3), 3), 'text/plain', 'file', sink)).toEqual({
      ok: false,
      reason: 'not_multipart',
    });
    const form = new FormData();
    form.set('file', new File([content], 'a.csv'));
    const { bytes, type } = await bodyOf(form);
    expect(await streamMultipart(chunked(bytes.slice(0, bytes.length - 10), 64), type, 'file', sink)).toEqual(
      {
        ok: false,
        reason: 'malformed',
      },
    );
    const textOnly = new FormData();
    textOnly.set('project', 'P1');
    const body = await bodyOf(textOnly);
    expect(await streamMultipart(chunked(body.bytes, 5), body.type, 'file', sink)).toEqual({
      ok: true,
      file: undefined,
      fields: { project: 'P1' },
    });
  });
});

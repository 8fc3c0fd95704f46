/**
 * Streams one file part of a multipart/form-data body to a sink without holding the body in
 * memory (CSV uploads, CRM-5): the body is read chunk by chunk, the file's bytes are handed on as
 * they arrive, and only a boundary's length is kept back between chunks. Small text fields are
 * collected (8 KiB each at most). The total size is bounded by the body-limit middleware.
 */
const MAX_PART_HEADERS = 8 * 1024;
const MAX_FIELD_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');

export interface StreamedFile {
  fileName: string;
  bytes: number;
}

export type MultipartResult =
  | { ok: true; file: StreamedFile | undefined; fields: Record<string, string> }
  | { ok: false; reason: 'not_multipart' | 'malformed' };

function boundaryOf(contentType: string): string | undefined {
  if (!/^multipart\/form-data/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function paramOf(disposition: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}=(?:"([^"]*)"|([^\\s;]+))`, 'i').exec(disposition);
  return match?.[1] ?? match?.[2];
}

type State = 'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'done';

interface Part {
  name: string;
  fileName: string | undefined;
  /** The first part named `field` with a filename: its bytes go to the sink. */
  isFile: boolean;
  /** Text field bytes so far. */
  text: Buffer[];
  textBytes: number;
}

/**
 * Reads `body`; the bytes of the part named `field` that carries a filename go to `sink` in order.
 * Other parts become `fields` (text). Parts after the file are read too.
 */
export async function streamMultipart(
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  field: string,
  sink: (chunk: Uint8Array) => Promise<void> | void,
): Promise<MultipartResult> {
  const boundary = boundaryOf(contentType);
  if (!boundary || !body) return { ok: false, reason: 'not_multipart' };
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const partEnd = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const fields: Record<string, string> = {};
  let file: StreamedFile | undefined;
  let state = 'preamble' as State;
  let part: Part | undefined;
  let buffer = Buffer.alloc(0);

  const emit = async (bytes: Buffer) => {
    if (!part || bytes.length === 0) return;
    if (part.isFile) {
      if (file) file.bytes += bytes.length;
      await sink(bytes);
    } else if (part.fileName === undefined && part.textBytes < MAX_FIELD_BYTES) {
      const kept = bytes.subarray(0, MAX_FIELD_BYTES - part.textBytes);
      part.text.push(Buffer.from(kept));
      part.textBytes += kept.length;
    }
  };
  const closePart = () => {
    if (part && part.fileName === undefined) fields[part.name] = Buffer.concat(part.text).toString('utf8');
    part = undefined;
  };

  /** Consumes what it can of `buffer`; false when it needs more bytes. */
  const step = async (): Promise<boolean | 'malformed'> => {
    switch (state) {
      case 'preamble': {
        const at = buffer.indexOf(delimiter);
        if (at === -1) {
          buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length));
          return false;
        }
        buffer = buffer.subarray(at + delimiter.length);
        state = 'afterDelimiter';
        return true;
      }
      case 'afterDelimiter': {
        if (buffer.length < 2) return false;
        const next = buffer.toString('latin1', 0, 2);
        buffer = buffer.subarray(2);
        if (next === '--') state = 'done';
        else if (next === '\r\n') state = 'headers';
        else return 'malformed';
        return true;
      }
      case 'headers': {
        const end = buffer.indexOf(HEADER_END);
        if (end === -1) return buffer.length > MAX_PART_HEADERS ? 'malformed' : false;
        const headers = new Map<string, string>();
        for (const line of buffer.toString('utf8', 0, end).split('\r\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        }
        buffer = buffer.subarray(end + HEADER_END.length);
        const disposition = headers.get('content-disposition') ?? '';
        const name = paramOf(disposition, 'name') ?? '';
        const fileName = paramOf(disposition, 'filename');
        const isFile = name === field && fileName !== undefined && !file;
        if (isFile) file = { fileName: fileName ?? '', bytes: 0 };
        part = { name, fileName, isFile, text: [], textBytes: 0 };
        state = 'body';
        return true;
      }
      case 'body': {
        const at = buffer.indexOf(partEnd);
        if (at === -1) {
          const keep = partEnd.length - 1;
          if (buffer.length > keep) {
            await emit(buffer.subarray(0, buffer.length - keep));
            buffer = buffer.subarray(buffer.length - keep);
          }
          return false;
        }
        await emit(buffer.subarray(0, at));
        closePart();
        buffer = buffer.subarray(at + 2);
        state = 'preamble';
        return true;
      }
      case 'done':
        return false;
    }
  };

  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer = buffer.length === 0 ? Buffer.from(value) : Buffer.concat([buffer, value]);
      for (;;) {
        const progressed = await step();
        if (progressed === 'malformed') return { ok: false, reason: 'malformed' };
        if (!progressed) break;
      }
      if ((state as State) === 'done') break;
    }
  } finally {
    reader.releaseLock();
  }
  if ((state as State) !== 'done') return { ok: false, reason: 'malformed' };
  return { ok: true, file, fields };
}

/**
 * The headers of one part of a multipart/form-data body. Bun's FormData parser drops the part's
 * own Content-Type and infers the type of a file from its name, so the type the browser declared
 * (SEC: compared with the sniffed type, security/uploads.ts) has to be read from the raw body.
 * Pure and bounded: only each part's header block (at most 8 KiB) is looked at.
 */
const MAX_PART_HEADERS = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');

function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function fieldName(disposition: string): string | undefined {
  const match = /;\s*name=(?:"([^"]*)"|([^\s;]+))/i.exec(disposition);
  return match?.[1] ?? match?.[2];
}

/**
 * The Content-Type the sender declared for the part named `field`: its value, '' when the part
 * has none, undefined when there is no such part (or the body is not multipart).
 */
export function declaredPartType(body: Uint8Array, contentType: string, field: string): string | undefined {
  const boundary = boundaryOf(contentType);
  if (!boundary) return undefined;
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let at = bytes.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length + 2; // the CRLF after the delimiter
    const end = bytes.indexOf(HEADER_END, start);
    if (end === -1 || end - start > MAX_PART_HEADERS) return undefined;
    const headers = new Map<string, string>();
    for (const line of bytes.toString('latin1', start, end).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    if (fieldName(headers.get('content-disposition') ?? '') === field)
      return headers.get('content-type') ?? '';
    at = bytes.indexOf(delimiter, end);
  }
  return undefined;
}

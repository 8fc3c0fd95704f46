/** The last row of a history page: the next older page starts below it. */
export interface HistoryCursor {
  createdAt: string;
  id: string;
}

/** Opaque keyset cursor for older history pages: base64url of "createdAt|id". */
export function encodeHistoryCursor(cursor: HistoryCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');
}

export function decodeHistoryCursor(text: string): HistoryCursor | undefined {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9A-Z]{26})$/.exec(decoded);
  return match?.[1] && match[2] ? { createdAt: match[1], id: match[2] } : undefined;
}

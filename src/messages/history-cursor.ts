/**
 * The last row of a history page: the next older page starts below it. A conversation's messages
 * are ordered by their sequence number (unique per conversation, `messages_seq_uq`), never by
 * time: messages committed in one group commit share a millisecond, and a time-ordered id breaks
 * that tie at random.
 */
export interface HistoryCursor {
  seq: number;
}

/** Opaque keyset cursor for older history pages. */
export function encodeHistoryCursor(cursor: HistoryCursor): string {
  return Buffer.from(`s${cursor.seq}`).toString('base64url');
}

export function decodeHistoryCursor(text: string): HistoryCursor | undefined {
  const match = /^s(\d{1,10})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  const seq = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  return Number.isSafeInteger(seq) && seq <= 2 ** 31 ? { seq } : undefined;
}

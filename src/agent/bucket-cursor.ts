import type { BucketCursor } from './agent-console.ts';

/** The keyset cursor of a bucket page as one opaque URL-safe string (`after=`). */
export function encodeBucketCursor(cursor: BucketCursor): string {
  const parts = [cursor.lastMessageAt, cursor.id, ...(cursor.section ? [cursor.section] : [])];
  return Buffer.from(parts.join('|')).toString('base64url');
}

export function decodeBucketCursor(value: string): BucketCursor | undefined {
  const [lastMessageAt, id, section, extra] = Buffer.from(value, 'base64url').toString().split('|');
  if (extra !== undefined || !lastMessageAt || !id) return undefined;
  if (section !== undefined && section !== 'left') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(lastMessageAt) || !/^[0-9A-Za-z]{1,26}$/.test(id))
    return undefined;
  return section ? { lastMessageAt, id, section } : { lastMessageAt, id };
}

/** The Updated column: the time today, the date before (from the last message, never a click). */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function updatedLabel(lastMessageAt: string, now: Date): string {
  const today = now.toISOString().slice(0, 10);
  if (lastMessageAt.slice(0, 10) === today) return lastMessageAt.slice(11, 16);
  // Plain string work: Intl date formatting costs ~0.2 ms a call, 4 ms for a page of 20 rows.
  const month = MONTHS[Number(lastMessageAt.slice(5, 7)) - 1] ?? '';
  return `${month} ${Number(lastMessageAt.slice(8, 10))}`;
}

import { describe, expect, test } from 'bun:test';
import { decodeBucketCursor, encodeBucketCursor, updatedLabel } from '../../../src/agent/bucket-cursor.ts';

describe('bucket keyset cursor', () => {
  test('round-trips, and anything else is refused', () => {
    const cursor = { lastMessageAt: '2026-11-23T09:15:00.000Z', id: '01KMX0000000000000000000AA' };
    expect(decodeBucketCursor(encodeBucketCursor(cursor))).toEqual(cursor);
    // Unassigned pages among the visitors who left name their group (ADR 0037).
    const left = { ...cursor, section: 'left' as const };
    expect(decodeBucketCursor(encodeBucketCursor(left))).toEqual(left);
    for (const bad of [
      '',
      'garbage',
      Buffer.from('x|y').toString('base64url'),
      Buffer.from(`${cursor.lastMessageAt}|a|b`).toString('base64url'),
      Buffer.from(`${cursor.lastMessageAt}|a|left|b`).toString('base64url'),
      Buffer.from(`${cursor.lastMessageAt}|' or 1=1`).toString('base64url'),
    ]) {
      expect(decodeBucketCursor(bad)).toBeUndefined();
    }
  });

  test('the Updated label is the last message time today, the date before', () => {
    const now = new Date('2026-11-23T15:00:00.000Z');
    expect(updatedLabel('2026-11-23T09:05:00.000Z', now)).toBe('09:05');
    expect(updatedLabel('2026-11-21T23:59:00.000Z', now)).toBe('Nov 21');
  });
});

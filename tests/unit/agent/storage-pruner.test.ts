import { describe, expect, test } from 'bun:test';
import { pruneStaffStorage } from '../../../client/staff/storage-prune.ts';

/** A Storage with the Web Storage API surface the pruner uses. */
function memoryStorage(entries: Record<string, string>) {
  const map = new Map(Object.entries(entries));
  return {
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    map,
  };
}

describe('staff localStorage pruning (AGENT-8)', () => {
  const NOW = Date.parse('2026-11-23T10:00:00Z');

  test('lists over 5,000 keep their newest 5,000; orphans go; visitor keys are never touched', () => {
    const long = Array.from({ length: 7000 }, (_, i) => i);
    const storage = memoryStorage({
      'staff:u1:seen-messages': JSON.stringify(long),
      'staff:u1:small': JSON.stringify([1, 2, 3]),
      'staff:u2:seen-messages': JSON.stringify([1]), // another person signed in earlier: orphan
      'staff:u1:broken': '{not json',
      'staff:u1:draft': JSON.stringify({ at: NOW - 31 * 86_400_000, text: 'old' }),
      'staff:u1:fresh-draft': JSON.stringify({ at: NOW - 86_400_000, text: 'keep' }),
      vt_project1: 'visitor-token',
      'visitor:history': JSON.stringify(long),
    });
    const result = pruneStaffStorage(storage, { userId: 'u1', now: NOW });
    expect(result).toEqual({ trimmed: 1, removed: 3 });
    const kept = JSON.parse(storage.getItem('staff:u1:seen-messages') ?? '[]');
    expect(kept).toHaveLength(5000);
    expect(kept[0]).toBe(2000);
    expect(kept.at(-1)).toBe(6999);
    expect([...storage.map.keys()].sort()).toEqual([
      'staff:u1:fresh-draft',
      'staff:u1:seen-messages',
      'staff:u1:small',
      'visitor:history',
      'vt_project1',
    ]);
    expect(JSON.parse(storage.getItem('visitor:history') ?? '[]')).toHaveLength(7000);
    // A second run changes nothing.
    expect(pruneStaffStorage(storage, { userId: 'u1', now: NOW })).toEqual({ trimmed: 0, removed: 0 });
  });
});

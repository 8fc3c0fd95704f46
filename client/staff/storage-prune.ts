/**
 * AGENT-8: staff pages prune their own localStorage. Only keys under "staff:" are ever touched,
 * so the visitor's storage on the same origin (session-critical) is never pruned.
 * Contract for staff scripts: keys are "staff:<userId>:<name>", values JSON; lists are arrays
 * (newest last) and records may carry "at" (epoch ms) for age-based expiry.
 */
export const STAFF_STORAGE_PREFIX = 'staff:';
/** Lists keep their newest this many entries. */
export const STAFF_LIST_CAP = 5000;
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

type PruneStorage = Pick<Storage, 'length' | 'key' | 'getItem' | 'setItem' | 'removeItem'>;

/** Returns what it did. Pure apart from the storage it is given. */
export function pruneStaffStorage(
  storage: PruneStorage,
  options: { userId: string; now: number; cap?: number; maxAgeMs?: number },
): { trimmed: number; removed: number } {
  const cap = options.cap || STAFF_LIST_CAP;
  const maxAgeMs = options.maxAgeMs || MAX_AGE_MS;
  const mine = `${STAFF_STORAGE_PREFIX}${options.userId}:`;
  const result = { trimmed: 0, removed: 0 };
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null) keys.push(key);
  }
  for (const key of keys) {
    if (!key.startsWith(STAFF_STORAGE_PREFIX)) continue;
    // Another person's entries (an earlier sign-in on this browser) are orphans.
    if (!key.startsWith(mine)) {
      storage.removeItem(key);
      result.removed++;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(storage.getItem(key) ?? 'null');
    } catch {
      storage.removeItem(key);
      result.removed++;
      continue;
    }
    if (Array.isArray(value) && value.length > cap) {
      storage.setItem(key, JSON.stringify(value.slice(value.length - cap)));
      result.trimmed++;
    } else if (isAged(value, options.now, maxAgeMs)) {
      storage.removeItem(key);
      result.removed++;
    }
  }
  return result;
}

const isAged = (value: unknown, now: number, maxAgeMs: number): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { at?: unknown }).at === 'number' &&
  now - (value as { at: number }).at > maxAgeMs;

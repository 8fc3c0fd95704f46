// AGENT-8: staff pages prune their own localStorage every 30 minutes. Only keys under "staff:"
// are ever touched, so the visitor's storage on the same origin (session-critical) is never pruned.
// Contract for staff scripts: keys are "staff:<userId>:<name>", values JSON; lists are arrays
// (newest last) and records may carry "at" (epoch ms) for age-based expiry.
(() => {
  const PREFIX = 'staff:';
  const CAP = 5000;
  const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
  const EVERY_MS = 30 * 60 * 1000;

  /** Returns what it did: { trimmed, removed }. Pure apart from the storage it is given. */
  function prune(storage, options) {
    const cap = options.cap || CAP;
    const maxAgeMs = options.maxAgeMs || MAX_AGE_MS;
    const mine = `${PREFIX}${options.userId}:`;
    const result = { trimmed: 0, removed: 0 };
    const keys = [];
    for (let i = 0; i < storage.length; i++) keys.push(storage.key(i));
    for (const key of keys) {
      if (!key?.startsWith(PREFIX)) continue;
      // Another person's entries (an earlier sign-in on this browser) are orphans.
      if (!key.startsWith(mine)) {
        storage.removeItem(key);
        result.removed++;
        continue;
      }
      let value;
      try {
        value = JSON.parse(storage.getItem(key));
      } catch {
        storage.removeItem(key);
        result.removed++;
        continue;
      }
      if (Array.isArray(value) && value.length > cap) {
        storage.setItem(key, JSON.stringify(value.slice(value.length - cap)));
        result.trimmed++;
      } else if (
        value &&
        typeof value === 'object' &&
        typeof value.at === 'number' &&
        options.now - value.at > maxAgeMs
      ) {
        storage.removeItem(key);
        result.removed++;
      }
    }
    return result;
  }

  globalThis.staffStorage = { prune, PREFIX, CAP };

  if (typeof document === 'undefined' || typeof localStorage === 'undefined') return;
  const run = () => {
    const app = document.querySelector('[data-user-id]');
    if (!app) return;
    try {
      prune(localStorage, { userId: app.getAttribute('data-user-id'), now: Date.now() });
    } catch {
      // Storage can be disabled (private mode): nothing to prune.
    }
  };
  document.addEventListener('DOMContentLoaded', run);
  setInterval(run, EVERY_MS);
})();

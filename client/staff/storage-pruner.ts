import { pruneStaffStorage } from './storage-prune.ts';

/** AGENT-8: every staff page prunes the signed-in person's localStorage at load and every 30 minutes. */
const EVERY_MS = 30 * 60 * 1000;

function run(): void {
  const userId = document.querySelector('[data-user-id]')?.getAttribute('data-user-id');
  if (!userId) return;
  try {
    pruneStaffStorage(localStorage, { userId, now: Date.now() });
  } catch {
    // Storage can be disabled (private mode): nothing to prune.
  }
}

document.addEventListener('DOMContentLoaded', run);
setInterval(run, EVERY_MS);

/**
 * Timers behind an interface so typing auto-clear, socket re-validation and the AI's pacing run on
 * a test's schedule (a manual clock with timers that fire when the test advances it).
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

import type { Timers } from '../../src/shared/timers.ts';
import type { ManualClock } from './manual-clock.ts';

export interface ManualTimers extends Timers {
  /**
   * Moves the clock forward by `ms`, firing every timer that falls due on the way at its own
   * instant, earliest first (a timer set by a callback fires too if it falls due in the span).
   */
  advance(ms: number): void;
  /** How far ahead of the clock each pending timer is, soonest first. */
  pendingDelays(): number[];
}

/** Timers that follow a manual clock: nothing fires until the test advances it. */
export function manualTimers(clock: ManualClock): ManualTimers {
  let nextId = 1;
  const due = new Map<number, { at: number; callback: () => void }>();
  const now = () => clock.now().getTime();
  return {
    setTimeout(callback, ms) {
      const id = nextId++;
      due.set(id, { at: now() + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      due.delete(handle as number);
    },
    advance(ms) {
      const target = now() + ms;
      for (;;) {
        let first: [number, { at: number; callback: () => void }] | undefined;
        for (const entry of due) {
          if (entry[1].at <= target && (!first || entry[1].at < first[1].at)) first = entry;
        }
        if (!first) break;
        due.delete(first[0]);
        clock.set(new Date(first[1].at));
        first[1].callback();
      }
      clock.set(new Date(target));
    },
    pendingDelays: () => [...due.values()].map((timer) => timer.at - now()).sort((a, b) => a - b),
  };
}

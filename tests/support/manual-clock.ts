import type { Clock } from '../../src/shared/clock.ts';

export interface ManualClock extends Clock {
  set(date: Date | string): void;
  advance(ms: number): void;
}

/** A clock that moves only when a test moves it. */
export function manualClock(start: Date | string = '2026-11-23T10:00:00.000Z'): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (date) => {
      current = new Date(date);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

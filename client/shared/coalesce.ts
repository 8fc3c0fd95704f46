import { systemTimers, type Timers } from '../../src/shared/timers.ts';

/**
 * `run` on the first call of a quiet spell at once, and at most once more per `windowMs` while
 * calls keep coming (one trailing run covers every call of the window). PERF-7: a new chat shows
 * on the agent console as its socket frame lands; a burst of frames still costs one refresh per
 * window, never a fixed delay before the first.
 */
export function leadingCoalescer(
  run: () => void,
  windowMs: number,
  clock: { now(): number; timers: Timers } = { now: () => performance.now(), timers: systemTimers },
): () => void {
  let lastRunAt = Number.NEGATIVE_INFINITY;
  let pending = false;
  const fire = () => {
    pending = false;
    lastRunAt = clock.now();
    run();
  };
  return () => {
    if (pending) return; // the trailing run renders this call's change too
    const wait = lastRunAt + windowMs - clock.now();
    if (wait <= 0) {
      fire();
      return;
    }
    pending = true;
    clock.timers.setTimeout(fire, wait);
  };
}

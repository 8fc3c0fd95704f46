import { describe, expect, test } from 'bun:test';
import { leadingCoalescer } from '../../../client/shared/coalesce.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { manualTimers } from '../../support/manual-timers.ts';

function harness() {
  const clock = manualClock();
  const timers = manualTimers(clock);
  const runs: number[] = [];
  const start = clock.now().getTime();
  const call = leadingCoalescer(() => runs.push(clock.now().getTime() - start), 300, {
    now: () => clock.now().getTime(),
    timers,
  });
  return { call, runs, timers };
}

describe('bucket refreshes: the first event at once, bursts coalesced (PERF-7)', () => {
  test('the first event of a quiet spell runs synchronously: no timer stands before it', () => {
    const { call, runs, timers } = harness();
    call();
    expect(runs).toEqual([0]);
    expect(timers.pendingDelays()).toEqual([]);
  });

  test('a burst runs once more at the end of the window, however many events it has', () => {
    const { call, runs, timers } = harness();
    call();
    timers.advance(50);
    call();
    call();
    timers.advance(100);
    call();
    expect(runs).toEqual([0]);
    expect(timers.pendingDelays()).toEqual([150]);
    timers.advance(150);
    expect(runs).toEqual([0, 300]);
  });

  test('after a quiet window the next event runs at once again', () => {
    const { call, runs, timers } = harness();
    call();
    timers.advance(1000);
    call();
    expect(runs).toEqual([0, 1000]);
    expect(timers.pendingDelays()).toEqual([]);
  });
});

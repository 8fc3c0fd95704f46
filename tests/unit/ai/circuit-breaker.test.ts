import { describe, expect, test } from 'bun:test';
import {
  type BreakerConfig,
  type BreakerEvent,
  type BreakerState,
  breakerAllows,
  closedBreaker,
  countsAgainstBreaker,
  nextBreakerState,
} from '../../../src/ai/circuit-breaker.ts';

const config: BreakerConfig = {
  failureThreshold: 3,
  windowMs: 120_000,
  coolDownMs: 60_000,
  probeTimeoutMs: 60_000,
};
const T0 = Date.parse('2026-11-23T02:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const step = (state: BreakerState, event: BreakerEvent, seconds: number) =>
  nextBreakerState(state, event, at(seconds), config);
/** Failures at the given seconds, starting closed. */
const failuresAt = (...seconds: number[]) =>
  seconds.reduce<BreakerState>((state, s) => step(state, 'failure', s), closedBreaker);

describe('circuit breaker (AI-5)', () => {
  test('stays closed below the threshold, and a success forgets earlier failures', () => {
    const twice = failuresAt(0, 10);
    expect(twice).toEqual({ status: 'closed', failures: 2, firstFailureAt: T0 });
    expect(breakerAllows(twice, at(11), config)).toBe(true);
    const forgiven = step(twice, 'success', 20);
    expect(forgiven).toEqual(closedBreaker);
    expect(step(step(forgiven, 'failure', 30), 'failure', 40)).toMatchObject({
      status: 'closed',
      failures: 2,
    });
  });

  test('opens on the third failure within the window and refuses until the cool-down has passed', () => {
    const open = failuresAt(0, 30, 119);
    expect(open).toEqual({ status: 'open', openedAt: T0 + 119_000 });
    expect(breakerAllows(open, at(119), config)).toBe(false);
    expect(breakerAllows(open, at(178.999), config)).toBe(false);
    expect(breakerAllows(open, at(179), config)).toBe(true);
  });

  test('failures spread wider than the window never open it', () => {
    // The third failure comes 121 s after the first: a new run starts at the second window.
    const state = failuresAt(0, 60, 121);
    expect(state).toEqual({ status: 'closed', failures: 1, firstFailureAt: T0 + 121_000 });
    expect(step(step(state, 'failure', 150), 'failure', 200)).toMatchObject({
      status: 'open',
      openedAt: T0 + 200_000,
    });
  });

  test('after the cool-down one attempt becomes the probe; others wait while it is in flight', () => {
    const open = failuresAt(0, 1, 2);
    // An attempt during the cool-down changes nothing (the caller should not have asked).
    expect(step(open, 'attempt', 30)).toBe(open);
    const probing = step(open, 'attempt', 62);
    expect(probing).toEqual({ status: 'half_open', probeStartedAt: T0 + 62_000 });
    expect(breakerAllows(probing, at(63), config)).toBe(false);
    expect(breakerAllows(probing, at(121.999), config)).toBe(false);
  });

  test('a successful probe closes it; a failed probe opens it for another full cool-down', () => {
    const probing = step(failuresAt(0, 1, 2), 'attempt', 62);
    expect(step(probing, 'success', 63)).toEqual(closedBreaker);
    const reopened = step(probing, 'failure', 65);
    expect(reopened).toEqual({ status: 'open', openedAt: T0 + 65_000 });
    expect(breakerAllows(reopened, at(124.999), config)).toBe(false);
    expect(breakerAllows(reopened, at(125), config)).toBe(true);
  });

  test('a probe that never reports back stops blocking after probeTimeoutMs, and a new probe starts', () => {
    const probing = step(failuresAt(0, 1, 2), 'attempt', 62);
    expect(breakerAllows(probing, at(122), config)).toBe(true);
    expect(step(probing, 'attempt', 122)).toEqual({ status: 'half_open', probeStartedAt: T0 + 122_000 });
  });

  test('late answers of requests sent before it opened: a failure keeps the cool-down, a success closes it', () => {
    const open = failuresAt(0, 1, 2);
    expect(step(open, 'failure', 50)).toBe(open);
    expect(step(open, 'success', 50)).toEqual(closedBreaker);
  });

  test('an attempt while closed changes nothing', () => {
    const state = failuresAt(0);
    expect(step(state, 'attempt', 5)).toBe(state);
  });

  test('aborts and refusals say nothing about the provider; every other failure counts', () => {
    expect(countsAgainstBreaker('aborted')).toBe(false);
    expect(countsAgainstBreaker('refusal')).toBe(false);
    for (const reason of [
      'rate_limited',
      'auth',
      'network',
      'timeout',
      'server',
      'empty',
      'malformed',
      'rejected',
    ] as const) {
      expect(countsAgainstBreaker(reason)).toBe(true);
    }
  });

  test('the state is plain JSON: it survives a round trip through storage', () => {
    const probing = step(failuresAt(0, 1, 2), 'attempt', 62);
    const restored = JSON.parse(JSON.stringify(probing)) as BreakerState;
    expect(step(restored, 'success', 63)).toEqual(closedBreaker);
  });
});

import { describe, expect, test } from 'bun:test';
import { parseRetryAfter } from '../../../src/tracking/delivery.ts';
import {
  decideAfterFailure,
  deliveryDeadline,
  nextAttemptAt,
  RETRY_BASE_MS,
  RETRY_CAP_MS,
} from '../../../src/tracking/delivery-policy.ts';

/** mulberry32: a small seeded generator, so the jittered schedule is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const NOW = new Date('2026-11-23T10:00:00.000Z');
const delays = (random: () => number, count: number) =>
  Array.from({ length: count }, (_, i) => nextAttemptAt(i + 1, NOW, random).getTime() - NOW.getTime());

describe('back-off', () => {
  test('doubles from 30 s with equal jitter: between half and all of each step', () => {
    const schedule = delays(seeded(42), 10);
    schedule.forEach((delay, i) => {
      const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** i);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    });
  });

  test('the bounds are reached at random 0 and 1', () => {
    expect(delays(() => 0, 4)).toEqual([15_000, 30_000, 60_000, 120_000]);
    expect(delays(() => 0.999_999_999, 4).map((ms) => Math.round(ms / 1000))).toEqual([30, 60, 120, 240]);
  });

  test('is capped at an hour however many attempts failed', () => {
    for (const attempts of [8, 20, 500]) {
      const delay = nextAttemptAt(attempts, NOW, seeded(attempts)).getTime() - NOW.getTime();
      expect(delay).toBeGreaterThanOrEqual(RETRY_CAP_MS / 2);
      expect(delay).toBeLessThanOrEqual(RETRY_CAP_MS);
    }
  });

  test('the same seed gives the same schedule, another seed another one', () => {
    expect(delays(seeded(7), 6)).toEqual(delays(seeded(7), 6));
    expect(delays(seeded(7), 6)).not.toEqual(delays(seeded(8), 6));
  });

  test('a server’s Retry-After is a floor', () => {
    const at = nextAttemptAt(1, NOW, () => 0, 120_000);
    expect(at.getTime() - NOW.getTime()).toBe(120_000);
  });
});

describe('delivery windows', () => {
  test('Meta gives up 7 days after the event, GA4 after 72 hours, each less a 5-minute margin', () => {
    const eventTime = new Date('2026-11-20T10:00:00.000Z');
    expect(deliveryDeadline('meta', eventTime).toISOString()).toBe('2026-11-27T09:55:00.000Z');
    expect(deliveryDeadline('ga4', eventTime).toISOString()).toBe('2026-11-23T09:55:00.000Z');
  });
});

describe('after a failure', () => {
  const base = { platform: 'ga4' as const, eventTime: NOW, attempts: 1, now: NOW, random: () => 0 };

  test('a permanent failure gives up at once', () => {
    expect(decideAfterFailure({ ...base, retryable: false })).toEqual({
      kind: 'give_up',
      reason: 'permanent',
    });
  });

  test('a retryable failure is retried after the back-off', () => {
    expect(decideAfterFailure({ ...base, retryable: true })).toEqual({
      kind: 'retry',
      at: new Date(NOW.getTime() + 15_000),
    });
  });

  test('a back-off that would overshoot the window is cut to the deadline, not given up', () => {
    const now = new Date(deliveryDeadline('ga4', NOW).getTime() - 10_000);
    const decision = decideAfterFailure({ ...base, now, attempts: 12, retryable: true });
    expect(decision).toEqual({ kind: 'retry', at: deliveryDeadline('ga4', NOW) });
  });

  test('past the window, or with a Retry-After beyond it, the row gives up', () => {
    const late = new Date(deliveryDeadline('ga4', NOW).getTime() + 1);
    expect(decideAfterFailure({ ...base, now: late, retryable: true })).toEqual({
      kind: 'give_up',
      reason: 'window_passed',
    });
    const near = new Date(deliveryDeadline('ga4', NOW).getTime() - 60_000);
    expect(decideAfterFailure({ ...base, now: near, retryable: true, retryAfterMs: 120_000 })).toEqual({
      kind: 'give_up',
      reason: 'window_passed',
    });
  });
});

describe('Retry-After', () => {
  test('seconds, or an HTTP date measured against the response’s Date', () => {
    expect(parseRetryAfter('120', null)).toBe(120_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:01:30 GMT', 'Mon, 23 Nov 2026 10:00:00 GMT')).toBe(90_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', 'Mon, 23 Nov 2026 10:00:00 GMT')).toBe(0);
  });

  test('missing or unreadable gives undefined', () => {
    expect(parseRetryAfter(null, null)).toBeUndefined();
    expect(parseRetryAfter('soon', 'Mon, 23 Nov 2026 10:00:00 GMT')).toBeUndefined();
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:01:30 GMT', null)).toBeUndefined();
    expect(parseRetryAfter('-5', null)).toBeUndefined();
  });
});

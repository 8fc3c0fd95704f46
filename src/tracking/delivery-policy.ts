import type { Platform } from './tracking.ts';

/**
 * When an event may still be delivered, and when to try again. Pure (docs/decisions/0018).
 * Meta refuses a whole request when one event_time is more than 7 days old; GA4 accepts events
 * backdated up to 72 hours. Both refuse events from the future.
 */
const HOUR_MS = 3_600_000;
export const PLATFORM_WINDOW_MS: Record<Platform, number> = { meta: 7 * 24 * HOUR_MS, ga4: 72 * HOUR_MS };

/** Stop this long before the platform's own limit: the request takes time and clocks differ. */
export const WINDOW_MARGIN_MS = 5 * 60_000;

/**
 * Instances' clocks differ by a little: an event up to this far ahead of `now` is sent as
 * happening now; beyond it the time is wrong, and the event is refused.
 */
export const FUTURE_SKEW_MS = 60_000;

/** After this instant the outbox row gives up: the platform would refuse the event. */
export function deliveryDeadline(platform: Platform, eventTime: Date): Date {
  return new Date(eventTime.getTime() + PLATFORM_WINDOW_MS[platform] - WINDOW_MARGIN_MS);
}

/** The time to send for an event that happened at `occurredAt`, or why it cannot be sent `now`. */
export function checkEventTime(
  platform: Platform,
  occurredAt: Date,
  now: Date,
): { ok: true; sendAs: Date } | { ok: false; reason: string } {
  if (Number.isNaN(occurredAt.getTime())) return { ok: false, reason: 'The event time is not a date.' };
  if (occurredAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
    return { ok: false, reason: 'The event time is in the future.' };
  }
  if (now.getTime() > deliveryDeadline(platform, occurredAt).getTime()) {
    const limit = platform === 'meta' ? '7 days' : '72 hours';
    return {
      ok: false,
      reason: `The event is older than ${platform === 'meta' ? 'Meta' : 'GA4'}'s ${limit}.`,
    };
  }
  return { ok: true, sendAs: occurredAt.getTime() > now.getTime() ? now : occurredAt };
}

export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = HOUR_MS;

/**
 * Exponential back-off with "equal jitter": after the n-th failed attempt wait between half and
 * all of min(cap, base · 2^(n-1)), so retries spread out but never come back at once. A server's
 * Retry-After is a floor. `random` returns [0, 1) (Math.random, or a seeded one in tests).
 */
export function nextAttemptAt(
  attempts: number,
  now: Date,
  random: () => number,
  retryAfterMs?: number,
): Date {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** exponent);
  const delay = ceiling / 2 + random() * (ceiling / 2);
  return new Date(now.getTime() + Math.round(Math.max(delay, retryAfterMs ?? 0)));
}

export type AfterFailure =
  | { kind: 'retry'; at: Date }
  | { kind: 'give_up'; reason: 'permanent' | 'window_passed' };

/**
 * What the sender job does with a failed row: retry at a time, or give up for good. Time left in
 * the window is always used: a back-off that would overshoot the deadline is cut to the deadline,
 * and only a Retry-After beyond it (or a deadline already passed) gives up.
 */
export function decideAfterFailure(input: {
  platform: Platform;
  eventTime: Date;
  attempts: number;
  now: Date;
  retryable: boolean;
  retryAfterMs?: number;
  random: () => number;
}): AfterFailure {
  if (!input.retryable) return { kind: 'give_up', reason: 'permanent' };
  const deadline = deliveryDeadline(input.platform, input.eventTime).getTime();
  const earliest = input.now.getTime() + (input.retryAfterMs ?? 0);
  if (input.now.getTime() >= deadline || earliest > deadline)
    return { kind: 'give_up', reason: 'window_passed' };
  const at = nextAttemptAt(input.attempts, input.now, input.random, input.retryAfterMs);
  return { kind: 'retry', at: new Date(Math.min(at.getTime(), deadline)) };
}

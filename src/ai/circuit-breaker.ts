import type { AiFailureReason } from './ai.ts';

/**
 * AI-5 circuit breaker as a pure state machine: repeated provider failures send chats straight to
 * humans for a while instead of making each visitor wait out a timeout. Times are epoch ms so the
 * state is plain JSON (the caller may keep it in memory or share it through the database).
 *
 *   closed ──(failureThreshold failures, each within windowMs of the first)──▶ open
 *   open ──(coolDownMs passed, then one 'attempt')──▶ half_open (one probe request in flight)
 *   half_open ──success──▶ closed      half_open ──failure──▶ open (cool-down starts again)
 *   any ──success──▶ closed
 *
 * Usage: `if (breakerAllows(s, now)) { s = nextBreakerState(s, 'attempt', now); …call…;
 * s = nextBreakerState(s, outcome, now) }`, counting only reasons where countsAgainstBreaker().
 */
export type BreakerState =
  | { status: 'closed'; failures: number; firstFailureAt: number | null }
  | { status: 'open'; openedAt: number }
  | { status: 'half_open'; probeStartedAt: number };

export type BreakerEvent = 'attempt' | 'success' | 'failure';

export interface BreakerConfig {
  failureThreshold: number;
  windowMs: number;
  coolDownMs: number;
  /** A probe that never reported back (process restart, lost promise) stops blocking after this. */
  probeTimeoutMs: number;
}

/**
 * 3 failures within 2 minutes open it (one failure is a blip, three in a row at night is an
 * outage); 60 s cool-down, so an outage costs one probing visitor a minute, who still lands with a
 * human; a probe is given up after 60 s (longer than any request deadline the settings allow).
 */
export const defaultBreakerConfig: BreakerConfig = Object.freeze({
  failureThreshold: 3,
  windowMs: 120_000,
  coolDownMs: 60_000,
  probeTimeoutMs: 60_000,
});

export const closedBreaker: BreakerState = Object.freeze({
  status: 'closed',
  failures: 0,
  firstFailureAt: null,
});

export function breakerAllows(
  state: BreakerState,
  now: Date,
  config: BreakerConfig = defaultBreakerConfig,
): boolean {
  const at = now.getTime();
  switch (state.status) {
    case 'closed':
      return true;
    case 'open':
      return at - state.openedAt >= config.coolDownMs;
    case 'half_open':
      return at - state.probeStartedAt >= config.probeTimeoutMs;
  }
}

export function nextBreakerState(
  state: BreakerState,
  event: BreakerEvent,
  now: Date,
  config: BreakerConfig = defaultBreakerConfig,
): BreakerState {
  const at = now.getTime();
  if (event === 'success') return closedBreaker;
  if (event === 'attempt') {
    // Only a permitted attempt on an open (or stale half-open) breaker starts a probe.
    if (state.status === 'closed' || !breakerAllows(state, now, config)) return state;
    return { status: 'half_open', probeStartedAt: at };
  }
  switch (state.status) {
    case 'closed': {
      const inWindow = state.firstFailureAt !== null && at - state.firstFailureAt <= config.windowMs;
      const failures = inWindow ? state.failures + 1 : 1;
      if (failures >= config.failureThreshold) return { status: 'open', openedAt: at };
      return { status: 'closed', failures, firstFailureAt: inWindow ? state.firstFailureAt : at };
    }
    case 'half_open':
      return { status: 'open', openedAt: at };
    case 'open':
      // A late failure of a request sent before the breaker opened: same outage, same cool-down.
      return state;
  }
}

/**
 * Provider trouble counts; a chat closing mid-request (aborted) or the model declining one
 * question (refusal) says nothing about the provider's health.
 */
export function countsAgainstBreaker(reason: AiFailureReason): boolean {
  return reason !== 'aborted' && reason !== 'refusal';
}

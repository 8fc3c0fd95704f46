import type { Clock } from '../shared/clock.ts';
import type { Timers } from './timers.ts';

/** A typing indicator clears itself this long after the last keystroke (RT-2). */
export const TYPING_TIMEOUT_MS = 5000;
/** At most one "started" per socket and conversation in this window, however fast keys come. */
export const TYPING_THROTTLE_MS = 1000;

export interface TypingTracker {
  /** A keystroke (true) or an explicit stop (false) from this socket. */
  update(conversationId: string, typing: boolean): void;
  /** Stops every indicator this socket holds (leave, send, close). */
  stop(conversationId?: string): void;
}

/**
 * Per-socket typing state: publishes only transitions, throttled, and stops by timer when the
 * keystrokes stop, not only on close. Publish-only: nothing is persisted.
 */
export function typingTracker(
  clock: Clock,
  timers: Timers,
  publish: (conversationId: string, typing: boolean) => void,
): TypingTracker {
  const active = new Map<string, unknown>();
  const lastStart = new Map<string, number>();

  function stop(conversationId: string): void {
    if (!active.has(conversationId)) return;
    timers.clearTimeout(active.get(conversationId));
    active.delete(conversationId);
    publish(conversationId, false);
  }

  return {
    update(conversationId, typing) {
      if (!typing) return stop(conversationId);
      const now = clock.now().getTime();
      const typingAlready = active.has(conversationId);
      if (typingAlready) timers.clearTimeout(active.get(conversationId));
      else if (now - (lastStart.get(conversationId) ?? Number.NEGATIVE_INFINITY) < TYPING_THROTTLE_MS) return;
      const timer = timers.setTimeout(() => stop(conversationId), TYPING_TIMEOUT_MS);
      active.set(conversationId, timer);
      if (!typingAlready) {
        lastStart.set(conversationId, now);
        publish(conversationId, true);
      }
    },
    stop(conversationId) {
      if (conversationId) return stop(conversationId);
      for (const id of [...active.keys()]) stop(id);
    },
  };
}

import { TypingPill, VisitorReceipts } from '../../views/agent/chat-pane.tsx';
import type { RealtimeEvent } from '../events/events.ts';
import type { StaffFrame } from './wire.ts';

/*
 * Staff frames (wire.ts `StaffFrame`): most events are plain signals, since the console refetches
 * server-rendered HTML when one arrives (ADR 0009). The two the agent pane swaps in place, the
 * visitor's typing pill and receipt marks, carry `content`: the same component the pane renders,
 * out of band, which the htmx 4 ws extension swaps (its main swap is 'none').
 */

/** The out-of-band HTML an event swaps into the agent pane, or undefined when it only signals. */
function swappedFragment(event: RealtimeEvent) {
  if (event.type === 'typing.changed' && event.side === 'visitor') {
    return <TypingPill conversationId={event.conversationId} typing={event.typing} oob />;
  }
  if (event.type === 'receipt.updated' && event.side === 'visitor') {
    return (
      <VisitorReceipts
        conversationId={event.conversationId}
        deliveredSeq={event.deliveredSeq}
        readSeq={event.readSeq}
        oob
      />
    );
  }
  return undefined;
}

/**
 * `eventJson`, when the caller already has `JSON.stringify(event)` (the visitor's form of a message
 * is the event itself), is spliced in rather than encoding the event twice per delivery (PERF-3).
 */
export function renderStaffFrame(event: RealtimeEvent, eventJson?: string): string {
  const fragment = swappedFragment(event);
  if (fragment === undefined && eventJson !== undefined) {
    return `{"type":${JSON.stringify(event.type)},"event":${eventJson}}`;
  }
  const frame: StaffFrame = { type: event.type, event };
  if (fragment !== undefined) {
    frame.content = String(fragment);
    frame.swap = 'none';
  }
  return JSON.stringify(frame);
}

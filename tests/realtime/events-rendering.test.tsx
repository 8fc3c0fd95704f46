import { describe, expect, test } from 'bun:test';
import type { RealtimeEvent } from '../../src/events/events.ts';
import { renderStaffFrame } from '../../src/realtime/fragments.tsx';
import type { StaffFrame } from '../../src/realtime/wire.ts';
import { TypingPill, VisitorReceipts } from '../../views/agent/chat-pane.tsx';
import { sampleEvents } from '../support/event-samples.ts';

const frameOf = (event: RealtimeEvent) => JSON.parse(renderStaffFrame(event)) as StaffFrame;
const samples = sampleEvents({
  conversationId: 'c1',
  projectId: 'p1',
  holderId: 'u2',
  previousId: 'u1',
  otherId: 'u3',
});

describe('staff frames for htmx (fragments.tsx): only what the pane swaps is rendered', () => {
  test("the visitor's typing swaps in the pane's own pill, class and all", () => {
    const typing = { type: 'typing.changed', conversationId: 'c1', side: 'visitor', typing: true } as const;
    const frame = frameOf(typing);
    expect(frame).toMatchObject({ type: 'typing.changed', event: typing, swap: 'none' });
    expect(frame.content).toBe(String(<TypingPill conversationId="c1" typing oob />));
    expect(frame.content).toContain('class="typing-pill"');
    expect(frame.content).toContain('>is typing…<'); // the pane's typing line puts the visitor's name before it
    expect(String(<TypingPill conversationId="c1" typing={false} />)).toBe(
      '<span id="conversation-c1-typing" class="typing-pill"></span>',
    );
  });

  test("the visitor's receipts swap in the pane's own marks", () => {
    const receipt = {
      type: 'receipt.updated',
      conversationId: 'c1',
      side: 'visitor',
      deliveredSeq: 4,
      readSeq: 3,
    } as const;
    expect(frameOf(receipt).content).toBe(
      String(<VisitorReceipts conversationId="c1" deliveredSeq={4} readSeq={3} oob />),
    );
  });

  test('every other event is a plain signal: the event, no HTML (the console refetches)', () => {
    const signals = Object.values(samples).filter((event) => !('side' in event && event.side === 'visitor'));
    expect(signals.map((event) => event.type)).toContain('message.created');
    for (const event of signals) expect(frameOf(event)).toEqual({ type: event.type, event });
    const staffTyping = {
      type: 'typing.changed',
      conversationId: 'c1',
      side: 'staff',
      typing: true,
    } as const;
    expect(frameOf(staffTyping).content).toBeUndefined();
  });

  test("an event's JSON handed in by the hub gives the very same frame, swapped fragments included", () => {
    for (const event of Object.values(samples)) {
      expect(renderStaffFrame(event, JSON.stringify(event))).toBe(renderStaffFrame(event));
    }
  });
});

import { describe, expect, test } from 'bun:test';
import { renderStaffFrame, type StaffFrame } from '../../src/realtime/fragments.tsx';
import { messageId } from '../../views/dom-ids.ts';

const message = {
  id: '01KMX0000000000000000000AB',
  conversationId: 'c1',
  seq: 3,
  senderKind: 'visitor' as const,
  senderUserId: null,
  senderName: null,
  clientMessageId: 'x',
  body: '<img src=x onerror=alert(1)> & "quotes"',
  replyToId: null,
  attachmentId: null,
  createdAt: '2026-11-23T10:00:00.000Z',
};

describe('staff frames for htmx (fragments.tsx)', () => {
  test('a new message is an out-of-band append keyed by dom-ids, with user text escaped', () => {
    const frame = JSON.parse(
      renderStaffFrame({ type: 'message.created', conversationId: 'c1', message }),
    ) as StaffFrame;
    expect(frame.type).toBe('message.created');
    expect(frame.swap).toBe('none');
    expect(frame.content).toContain('hx-swap-oob="beforeend:#conversation-c1-messages"');
    expect(frame.content).toContain(`id="${messageId(message.id)}"`);
    expect(frame.content).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(frame.content).not.toContain('<img');
    expect(frame.event).toEqual({ type: 'message.created', conversationId: 'c1', message });
  });

  test('events without a visual change carry no content', () => {
    const frame = JSON.parse(renderStaffFrame({ type: 'inbox.changed', userId: 'u1' })) as StaffFrame;
    expect(frame).toEqual({ type: 'inbox.changed', event: { type: 'inbox.changed', userId: 'u1' } });
  });
});

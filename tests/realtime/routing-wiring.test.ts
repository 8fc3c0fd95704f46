import { afterEach, describe, expect, test } from 'bun:test';
import { findConversationById } from '../../src/conversations/conversations.queries.ts';
import type { RunningServer } from '../../src/server.ts';
import { liveServer, makeVisitorChat, openStaff, openVisitor } from './support/live.ts';
import { isEvent } from './support/ws-client.ts';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('realtime feeds routing', () => {
  test('an agent opening the console takes the waiting chat (ROUTE-4) and is told live', async () => {
    const live = await liveServer();
    running = live.running;
    const chat = await makeVisitorChat(live.deps.db);
    expect((await findConversationById(live.deps.db, chat.conversation.id))?.status).toBe('unassigned');

    const visitor = await openVisitor(live.running, chat.project.id, chat.token);
    visitor.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
    await visitor.next((f) => f.type === 'joined');

    const { socket: agent, staff } = await openStaff(live.running, live.deps, 'agent');
    const assigned = await agent.next(isEvent('conversation.assigned'));
    // The visitor hears that the chat was picked up (not by whom: assignment is staff-only).
    const pickedUp = await visitor.next((f) => f.type === 'conversation.status_changed');
    expect(pickedUp).toMatchObject({ conversationId: chat.conversation.id, status: 'active' });
    expect(visitor.frames.some((f) => f.type === 'conversation.assigned')).toBe(false);
    expect(assigned.event).toMatchObject({ conversationId: chat.conversation.id, assigneeId: staff.id });
    const stored = await findConversationById(live.deps.db, chat.conversation.id);
    expect(stored).toMatchObject({ status: 'active', assigneeId: staff.id });
  });

  test("a parked chat becomes active again with the visitor's next message (ROUTE-6)", async () => {
    const live = await liveServer();
    running = live.running;
    const { staff } = await openStaff(live.running, live.deps, 'agent');
    const chat = await makeVisitorChat(live.deps.db, { assignee_id: staff.id, status: 'offline' });

    const visitor = await openVisitor(live.running, chat.project.id, chat.token);
    visitor.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
    await visitor.next((f) => f.type === 'joined');
    visitor.send({
      type: 'send',
      conversationId: chat.conversation.id,
      clientMessageId: 'back-1',
      body: 'Still there?',
    });
    // The ack comes once the message is stored and the chat woken.
    await visitor.next((f) => f.type === 'ack');
    expect(visitor.frames.some(isEvent('conversation.status_changed', (e) => e.status === 'active'))).toBe(
      true,
    );
    expect(await findConversationById(live.deps.db, chat.conversation.id)).toMatchObject({
      status: 'active',
      assigneeId: staff.id,
    });
  });
});

import { afterEach, describe, expect, test } from 'bun:test';
import { listMessagesAfterSeq } from '../../src/messages/messages.queries.ts';
import { sendMessage } from '../../src/messages/messages.service.ts';
import type { ClientFrame } from '../../src/realtime/wire.ts';
import { clientFrameSchema } from '../../src/realtime/wire-schemas.ts';
import type { RunningServer } from '../../src/server.ts';
import { createStaff } from '../support/make-app.ts';
import { liveServer, makeVisitorChat, openStaff } from './support/live.ts';
import { isEvent } from './support/ws-client.ts';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/**
 * Every client frame type, classified: a new frame type is a compile error here until someone
 * decides whether it writes. QA may send the reading ones; each writing one must be refused.
 */
const sample: { [T in ClientFrame['type']]: (id: string) => Extract<ClientFrame, { type: T }> } = {
  join: (id) => ({ type: 'join', conversationId: id, afterSeq: 0 }),
  leave: (id) => ({ type: 'leave', conversationId: id }),
  ping: () => ({ type: 'ping' }),
  send: (id) => ({ type: 'send', conversationId: id, clientMessageId: 'qa-1', body: 'qa speaks' }),
  typing: (id) => ({ type: 'typing', conversationId: id, typing: true }),
  delivered: (id) => ({ type: 'delivered', conversationId: id, seq: 1 }),
  read: (id) => ({ type: 'read', conversationId: id, seq: 1 }),
};
const READING: ReadonlySet<ClientFrame['type']> = new Set(['join', 'leave', 'ping']);

describe('QA × every socket frame (generated from the frame schema)', () => {
  test('the classification covers exactly the frames the server parses', () => {
    const parsed = clientFrameSchema.options.map((option) => option.shape.type.value).sort();
    expect(Object.keys(sample).sort()).toEqual(parsed);
  });

  test('QA hears the chat live, and every writing frame is refused and changes nothing', async () => {
    const live = await liveServer();
    running = live.running;
    const agent = await createStaff(live.deps, 'agent');
    const chat = await makeVisitorChat(live.deps.db, { assignee_id: agent.id });
    const id = chat.conversation.id;
    const { socket: qa } = await openStaff(live.running, live.deps, 'qa');
    await sendMessage(live.running.deps, {
      conversationId: id,
      clientMessageId: 'v1',
      senderKind: 'visitor',
      body: 'watched',
    });
    await qa.next(isEvent('message.created'));
    qa.send(sample.join(id));
    await qa.next((f) => f.type === 'joined');
    const writing = (Object.keys(sample) as ClientFrame['type'][]).filter((type) => !READING.has(type));
    expect(writing.length).toBeGreaterThan(0);
    for (const type of writing) {
      qa.send(sample[type](id));
      await qa.next((f) => f.type === 'error' && f.code === 'forbidden');
    }
    expect(await listMessagesAfterSeq(live.deps.db, id, 0)).toHaveLength(1);
    const row = await live.deps.db
      .selectFrom('conversations')
      .select(['staff_delivered_seq', 'staff_read_seq', 'status', 'assignee_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      staff_delivered_seq: 0,
      staff_read_seq: 0,
      status: chat.conversation.status,
      assignee_id: agent.id,
    });
    // No typing event went out in QA's name.
    expect(qa.frames.some((f) => JSON.stringify(f).includes('"typing.changed"'))).toBe(false);
  });
});

import { afterEach, describe, expect, test } from 'bun:test';
import { visitorFormOf } from '../../src/events/audience.ts';
import { listMessagesAfterSeq } from '../../src/messages/messages.queries.ts';
import { sendMessage } from '../../src/messages/messages.service.ts';
import type { RunningServer } from '../../src/server.ts';
import { sampleEvents } from '../support/event-samples.ts';
import { createStaff } from '../support/make-app.ts';
import { liveServer, makeVisitorChat, openStaff, openVisitor, visitorUrl } from './support/live.ts';
import { isEvent, type openSocket } from './support/ws-client.ts';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Sends a ping and waits for its pong: every frame sent before it has been handled. */
async function settle(socket: Awaited<ReturnType<typeof openSocket>>) {
  socket.send({ type: 'ping' });
  await socket.next((f) => f.type === 'pong');
}

describe('/ws authorisation (RT-1, ADMIN-7)', () => {
  test('upgrades without a valid identity are refused', async () => {
    const live = await liveServer();
    running = live.running;
    const chat = await makeVisitorChat(live.deps.db);
    const wrongToken = 'x'.repeat(43);
    const httpWs = live.running.wsUrl.replace('ws:', 'http:');
    const staff = await createStaff(live.deps, 'admin');
    const attempts = [
      fetch(`${httpWs}?project=${chat.project.id}&vt=${wrongToken}`, { headers: { Upgrade: 'websocket' } }),
      fetch(httpWs, { headers: { Upgrade: 'websocket' } }),
      // A session cookie from another site's page (cross-site WebSocket hijacking).
      fetch(httpWs, {
        headers: { Upgrade: 'websocket', Cookie: staff.cookie, Origin: 'https://evil.example' },
      }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(401);
  });

  test("a visitor token of conversation A never receives conversation B's events", async () => {
    const live = await liveServer();
    running = live.running;
    const a = await makeVisitorChat(live.deps.db);
    const b = await makeVisitorChat(live.deps.db);
    const visitorA = await openVisitor(live.running, a.project.id, a.token);
    visitorA.send({ type: 'join', conversationId: b.conversation.id, afterSeq: 0 });
    visitorA.send({
      type: 'send',
      conversationId: b.conversation.id,
      clientMessageId: 'x1',
      body: 'intrude',
    });
    await visitorA.next((f) => f.type === 'error' && f.code === 'forbidden');
    await sendMessage(live.running.deps, {
      conversationId: b.conversation.id,
      clientMessageId: 'b1',
      senderKind: 'visitor',
      body: 'private to B',
    });
    await settle(visitorA);
    expect(visitorA.frames.some((f) => f.type === 'joined')).toBe(false);
    expect(JSON.stringify(visitorA.frames)).not.toContain('private to B');
    // A's token does not open A's project's visitor in B's project either (VIS-3).
    const crossProject = await fetch(
      visitorUrl(live.running, b.project.id, a.token).replace('ws:', 'http:'),
      {
        headers: { Upgrade: 'websocket' },
      },
    );
    expect(crossProject.status).toBe(401);
  });

  test('an agent cannot join or write to a conversation assigned to someone else', async () => {
    const live = await liveServer();
    running = live.running;
    const other = await createStaff(live.deps, 'agent');
    const chat = await makeVisitorChat(live.deps.db, { assignee_id: other.id });
    const { socket: agent } = await openStaff(live.running, live.deps, 'agent');
    agent.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
    agent.send({
      type: 'send',
      conversationId: chat.conversation.id,
      clientMessageId: 'a1',
      body: 'mine now',
    });
    await agent.next((f) => f.type === 'error' && f.code === 'forbidden');
    await sendMessage(live.running.deps, {
      conversationId: chat.conversation.id,
      clientMessageId: 'v1',
      senderKind: 'visitor',
      body: 'for the other agent',
    });
    await settle(agent);
    expect(agent.frames.some((f) => f.type === 'joined')).toBe(false);
    expect(JSON.stringify(agent.frames)).not.toContain('for the other agent');
    expect(await listMessagesAfterSeq(live.deps.db, chat.conversation.id, 0)).toHaveLength(1);
  });

  test('a reassignment moves the live feed and the right to write from the old agent to the new one', async () => {
    const live = await liveServer();
    running = live.running;
    const { socket: before, staff: first } = await openStaff(live.running, live.deps, 'agent');
    const { socket: after, staff: second } = await openStaff(live.running, live.deps, 'agent');
    const chat = await makeVisitorChat(live.deps.db, { assignee_id: first.id });
    const id = chat.conversation.id;
    before.send({ type: 'join', conversationId: id });
    await before.next((f) => f.type === 'joined');

    await live.deps.db
      .updateTable('conversations')
      .set({ assignee_id: second.id })
      .where('id', '=', id)
      .execute();
    live.running.deps.publisher.publish({
      type: 'conversation.assigned',
      conversationId: id,
      assigneeId: second.id,
      previousAssigneeId: first.id,
      status: 'active',
    });
    await after.next(isEvent('conversation.assigned'));
    await before.next(isEvent('conversation.assigned'));

    before.send({ type: 'typing', conversationId: id, typing: true });
    await before.next((f) => f.type === 'error' && f.code === 'forbidden');
    before.send({ type: 'send', conversationId: id, clientMessageId: 'old', body: 'still mine?' });
    await before.next((f) => f.type === 'error' && f.code === 'forbidden');

    await sendMessage(live.running.deps, {
      conversationId: id,
      clientMessageId: 'v1',
      senderKind: 'visitor',
      body: 'hello new agent',
    });
    await after.next(isEvent('message.created'));
    await settle(before);
    expect(JSON.stringify(before.frames)).not.toContain('hello new agent');
    after.send({ type: 'send', conversationId: id, clientMessageId: 'new', body: 'here now' });
    await after.next((f) => f.type === 'ack');
  });

  test('QA watches any conversation live, and every write it tries is refused', async () => {
    const live = await liveServer();
    running = live.running;
    const agent = await createStaff(live.deps, 'agent');
    const chat = await makeVisitorChat(live.deps.db, { assignee_id: agent.id });
    const { socket: qa } = await openStaff(live.running, live.deps, 'qa');
    qa.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
    await qa.next((f) => f.type === 'joined');
    await sendMessage(live.running.deps, {
      conversationId: chat.conversation.id,
      clientMessageId: 'v1',
      senderKind: 'visitor',
      body: 'watched',
    });
    await qa.next(isEvent('message.created'));

    const id = chat.conversation.id;
    const writes = [
      { type: 'send', conversationId: id, clientMessageId: 'qa1', body: 'qa speaks' },
      { type: 'typing', conversationId: id, typing: true },
      { type: 'delivered', conversationId: id, seq: 1 },
      { type: 'read', conversationId: id, seq: 1 },
    ];
    for (const write of writes) {
      qa.send(write);
      await qa.next((f) => f.type === 'error' && f.code === 'forbidden');
    }
    expect(await listMessagesAfterSeq(live.deps.db, id, 0)).toHaveLength(1);
    const row = await live.deps.db
      .selectFrom('conversations')
      .select(['staff_delivered_seq', 'staff_read_seq'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ staff_delivered_seq: 0, staff_read_seq: 0 });
  });

  test('internal events never reach a visitor', async () => {
    const live = await liveServer();
    running = live.running;
    const chat = await makeVisitorChat(live.deps.db);
    const visitor = await openVisitor(live.running, chat.project.id, chat.token);
    visitor.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
    await visitor.next((f) => f.type === 'joined');
    const internal = Object.values(
      sampleEvents({
        conversationId: chat.conversation.id,
        projectId: chat.project.id,
        holderId: 'u1',
        previousId: 'u2',
        otherId: 'u3',
      }),
    ).filter((event) => visitorFormOf(event) === undefined);
    expect(internal.map((event) => event.type)).toContain('ai.status_changed');
    for (const event of internal) live.running.deps.publisher.publish(event);
    await settle(visitor);
    const types = new Set<string>(internal.map((event) => event.type));
    expect(visitor.frames.filter((f) => types.has(String(f.type)))).toEqual([]);
  });
});

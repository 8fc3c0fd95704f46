import { afterEach, describe, expect, test } from 'bun:test';
import type { RunningServer } from '../../src/server.ts';
import { until } from '../support/until.ts';
import { liveServer, makeVisitorChat, manualTimers, openStaff, openVisitor } from './support/live.ts';
import { eventOf, isEvent } from './support/ws-client.ts';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('typing indicators (RT-2)', () => {
  test('published once per burst, cleared 5 s after the last keystroke by timer, not by close', async () => {
    const timers = manualTimers();
    const live = await liveServer({ timers });
    running = live.running;
    const { socket: agent, staff } = await openStaff(live.running, live.deps, 'agent');
    const chat = await makeVisitorChat(live.deps.db, { assignee_id: staff.id });
    agent.send({ type: 'join', conversationId: chat.conversation.id });
    await agent.next((f) => f.type === 'joined');
    const visitor = await openVisitor(live.running, chat.project.id, chat.token);
    visitor.send({ type: 'join', conversationId: chat.conversation.id });
    await visitor.next((f) => f.type === 'joined');

    for (let i = 0; i < 5; i++)
      visitor.send({ type: 'typing', conversationId: chat.conversation.id, typing: true });
    const started = await agent.next(isEvent('typing.changed'));
    expect(eventOf(started)).toMatchObject({ side: 'visitor', typing: true });
    expect(started.content).toContain('is typing…'); // beside the visitor's name in the pane
    visitor.send({ type: 'ping' });
    await visitor.next((f) => f.type === 'pong');
    // The five keystrokes produced one "started"; the auto-clear timer is pending.
    agent.send({ type: 'ping' });
    await agent.next((f) => f.type === 'pong');
    expect(agent.frames.filter(isEvent('typing.changed'))).toHaveLength(1);

    timers.fireAll(); // five seconds pass without a keystroke
    const stopped = await agent.next(isEvent('typing.changed'));
    expect(eventOf(stopped)).toMatchObject({ side: 'visitor', typing: false });

    // The agent typing reaches the visitor as JSON, with the agent's name (each side also sees
    // its own indicator echoed and ignores it by `side`).
    agent.send({ type: 'typing', conversationId: chat.conversation.id, typing: true });
    const toVisitor = await visitor.next(isEvent('typing.changed', (e) => e.side === 'staff'));
    expect(toVisitor).toMatchObject({ side: 'staff', typing: true, name: expect.any(String) });
    // Sending a message ends the indicator.
    agent.send({
      type: 'send',
      conversationId: chat.conversation.id,
      clientMessageId: 'a1',
      body: 'done typing',
    });
    await visitor.next(isEvent('typing.changed', (e) => e.side === 'staff' && e.typing === false));
  });
});

describe('presence from sockets (RT-4, ROUTE-6/7 inputs)', () => {
  test('staff are online while any tab is open; visitors per joined conversation; transitions reach staff', async () => {
    const live = await liveServer();
    running = live.running;
    const presence = live.running.deps.presence;
    const { socket: admin } = await openStaff(live.running, live.deps, 'admin');
    await admin.next((f) => f.type === 'hello');
    const { socket: tab1, staff } = await openStaff(live.running, live.deps, 'agent');
    await admin.next(isEvent('presence.changed', (e) => e.id === staff.id && e.online === true));
    const { openSocket } = await import('./support/ws-client.ts');
    const tab2 = await openSocket(live.running.wsUrl, { Cookie: staff.cookie, Origin: live.running.url });
    await tab2.next((f) => f.type === 'hello');
    expect(await presence.onlineStaff()).toContain(staff.id);

    tab1.close();
    await tab1.closed;
    tab2.send({ type: 'ping' });
    await tab2.next((f) => f.type === 'pong');
    expect(await presence.isOnline({ kind: 'staff', id: staff.id })).toBe(true);
    tab2.close();
    await admin.next(isEvent('presence.changed', (e) => e.id === staff.id && e.online === false));
    const cutoff = live.deps.clock.now();
    expect(await presence.goneSince('staff', cutoff)).toContain(staff.id);

    const chat = await makeVisitorChat(live.deps.db);
    const visitor = await openVisitor(live.running, chat.project.id, chat.token);
    visitor.send({ type: 'join', conversationId: chat.conversation.id });
    await admin.next(isEvent('presence.changed', (e) => e.id === chat.conversation.id && e.online === true));
    expect(await presence.isOnline({ kind: 'visitor', id: chat.conversation.id })).toBe(true);
    visitor.close();
    await admin.next(isEvent('presence.changed', (e) => e.id === chat.conversation.id && e.online === false));
  });

  test('a socket closed while its open is still recording presence ends offline (found by socket chaos)', async () => {
    const live = await liveServer();
    running = live.running;
    const presence = live.running.deps.presence;
    // A slow shared store (Redis under load): the open's connect lands after the close arrives.
    const connect = presence.connect.bind(presence);
    let connected = 0;
    presence.connect = async (subject, connectionId, now) => {
      await Bun.sleep(150);
      await connect(subject, connectionId, now);
      connected++;
    };
    const { socket, staff } = await openStaff(live.running, live.deps, 'agent');
    await socket.next((f) => f.type === 'hello');
    socket.close();
    await socket.closed;
    await until(() => connected === 1, "the open's presence connect");
    // Before the fix the close's disconnect ran first, and the late connect kept them online.
    await until(
      async () => !(await presence.isOnline({ kind: 'staff', id: staff.id })),
      'the closed socket to count as offline',
      2000,
    );
    expect(await presence.onlineStaff()).not.toContain(staff.id);
  });
});

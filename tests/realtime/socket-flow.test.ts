import { afterEach, describe, expect, test } from 'bun:test';
import { revokeSession } from '../../src/auth/sessions.queries.ts';
import { listMessagesAfterSeq } from '../../src/messages/messages.queries.ts';
import { REVALIDATE_MS } from '../../src/realtime/session-watch.ts';
import { SESSION_ENDED_CLOSE } from '../../src/realtime/wire.ts';
import { visitorServerFrameSchema } from '../../src/realtime/wire-schemas.ts';
import type { RunningServer } from '../../src/server.ts';
import { toIso } from '../../src/shared/clock.ts';
import { deleteStaffMember } from '../../src/staff/staff.service.ts';
import { createStaff } from '../support/make-app.ts';
import { liveServer, makeVisitorChat, manualTimers, openStaff, openVisitor } from './support/live.ts';
import { isEvent } from './support/ws-client.ts';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('/ws message flow between a visitor and the assigned agent', () => {
  test('visitor sends → persisted, acked, agent sees it live; agent replies → visitor gets JSON', async () => {
    const live = await liveServer();
    running = live.running;
    const { socket: agent, staff } = await openStaff(live.running, live.deps, 'agent');
    const chat = await makeVisitorChat(live.deps.db, { assignee_id: staff.id });
    // The agent connected before the assignment existed: joining subscribes them.
    agent.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
    await agent.next((f) => f.type === 'joined');

    const visitor = await openVisitor(live.running, chat.project.id, chat.token);
    visitor.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
    await visitor.next((f) => f.type === 'joined');
    visitor.send({
      type: 'send',
      conversationId: chat.conversation.id,
      clientMessageId: 'v-1',
      body: 'Hi there',
    });

    const ack = await visitor.next((f) => f.type === 'ack');
    expect(ack).toMatchObject({
      clientMessageId: 'v-1',
      message: { seq: 1, body: 'Hi there', senderKind: 'visitor' },
    });
    const stored = await listMessagesAfterSeq(live.deps.db, chat.conversation.id, 0);
    expect(stored.map((m) => m.body)).toEqual(['Hi there']);

    // A signal with the stored message: the console fetches the rendered bubble itself.
    const seen = await agent.next(isEvent('message.created'));
    expect(seen.event).toMatchObject({ message: { id: stored[0]?.id, body: 'Hi there' } });
    expect(seen.content).toBeUndefined();

    agent.send({
      type: 'send',
      conversationId: chat.conversation.id,
      clientMessageId: 'a-1',
      body: '<b>Hello</b>',
    });
    const reply = await visitor.next(
      isEvent('message.created', (e) => (e.message as { seq: number }).seq === 2),
    );
    expect(visitorServerFrameSchema.safeParse(reply).success).toBe(true);
    expect(reply).toMatchObject({ message: { body: '<b>Hello</b>', senderKind: 'agent' } });
    expect(JSON.stringify(reply)).not.toContain('content');

    // Receipts: the visitor's client acknowledges, the agent sees ticks move (VIS-7).
    visitor.send({ type: 'read', conversationId: chat.conversation.id, seq: 2 });
    const receipt = await agent.next(isEvent('receipt.updated'));
    expect(receipt.event).toMatchObject({ side: 'visitor', deliveredSeq: 2, readSeq: 2 });
    // A late, lower acknowledgement never moves the watermark back.
    visitor.send({ type: 'delivered', conversationId: chat.conversation.id, seq: 1 });
    visitor.send({ type: 'ping' });
    await visitor.next((f) => f.type === 'pong');
    const row = await live.deps.db
      .selectFrom('conversations')
      .select(['visitor_delivered_seq', 'visitor_read_seq'])
      .where('id', '=', chat.conversation.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ visitor_delivered_seq: 2, visitor_read_seq: 2 });
  });

  test('frames sent right after a join wait for it: typing and receipts are not refused as not joined', async () => {
    const live = await liveServer();
    running = live.running;
    const chat = await makeVisitorChat(live.deps.db);
    await live.deps.db
      .updateTable('conversations')
      .set({ last_seq: 3 })
      .where('id', '=', chat.conversation.id)
      .execute();
    const visitor = await openVisitor(live.running, chat.project.id, chat.token);
    // A busy database makes the join slow: it waits for this transaction to end.
    const busy = live.deps.db.transaction().execute(() => Bun.sleep(50));
    // One burst, as a client that reconnects sends it: join, then at once a receipt and typing.
    visitor.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
    visitor.send({ type: 'read', conversationId: chat.conversation.id, seq: 3 });
    visitor.send({ type: 'typing', conversationId: chat.conversation.id, typing: true });
    // Both land, in either order, and nothing was refused as "not joined".
    const landed = (f: Record<string, unknown>) =>
      isEvent('receipt.updated')(f) || isEvent('typing.changed')(f) || f.type === 'error';
    const answers = [await visitor.next(landed), await visitor.next(landed)];
    await busy;
    expect(answers.map((f) => f.type).sort()).toEqual(['receipt.updated', 'typing.changed']);
    const row = await live.deps.db
      .selectFrom('conversations')
      .select('visitor_read_seq')
      .where('id', '=', chat.conversation.id)
      .executeTakeFirstOrThrow();
    expect(row.visitor_read_seq).toBe(3);
  });

  test('a staff socket is dropped within 1 s of its session being revoked', async () => {
    const live = await liveServer();
    running = live.running;
    const { socket, staff } = await openStaff(live.running, live.deps, 'agent');
    await socket.next((f) => f.type === 'hello');
    await revokeSession(live.deps.db, staff.sessionId, toIso(live.deps.clock.now()));
    const started = performance.now();
    const closed = await Promise.race([
      socket.closed,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still open after 1 s')), 1000)),
    ]);
    expect(closed.code).toBe(SESSION_ENDED_CLOSE);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('a socket is dropped when its session expires; a live session next to it stays', async () => {
    const live = await liveServer();
    running = live.running;
    const ending = await openStaff(live.running, live.deps, 'agent');
    const staying = await openStaff(live.running, live.deps, 'manager');
    await ending.socket.next((f) => f.type === 'hello');
    await staying.socket.next((f) => f.type === 'hello');
    // The manager kept working: their sliding expiry moved on. The agent's did not.
    await live.deps.db
      .updateTable('sessions')
      .set({ expires_at: toIso(new Date(live.deps.clock.now().getTime() + 3 * 86_400_000)) })
      .where('id', '=', staying.staff.sessionId)
      .execute();
    live.deps.clock.advance(2 * 86_400_000); // past the agent session's one-day expiry
    expect((await ending.socket.closed).code).toBe(SESSION_ENDED_CLOSE);
    staying.socket.send({ type: 'ping' });
    expect(await staying.socket.next((f) => f.type === 'pong')).toEqual({ type: 'pong' });
  });

  test("a deleted person's socket is dropped at once (their sessions go with them)", async () => {
    const live = await liveServer();
    running = live.running;
    const admin = await createStaff(live.deps, 'admin');
    const { socket, staff } = await openStaff(live.running, live.deps, 'manager');
    await socket.next((f) => f.type === 'hello');
    expect((await deleteStaffMember(live.running.deps, admin, staff.id)).ok).toBe(true);
    const started = performance.now();
    expect((await socket.closed).code).toBe(SESSION_ENDED_CLOSE);
    expect(performance.now() - started).toBeLessThan(REVALIDATE_MS);
  });

  test('a session row that vanished without a trace still ends its socket, by the periodic full check', async () => {
    const timers = manualTimers();
    const live = await liveServer({ timers });
    running = live.running;
    const { socket, staff } = await openStaff(live.running, live.deps, 'agent');
    await socket.next((f) => f.type === 'hello');
    await live.deps.db.deleteFrom('sessions').where('id', '=', staff.sessionId).execute();
    let looks = 0;
    const closed = socket.closed.then((c) => c.code);
    // Look after look (the watch schedules the next one when a look ends) until the full check.
    while (!(await Promise.race([closed.then(() => true), Bun.sleep(5).then(() => false)]))) {
      timers.fireAll();
      looks++;
    }
    expect(await closed).toBe(SESSION_ENDED_CLOSE);
    expect(looks).toBeGreaterThan(5); // not the cheap look: the row left no ending to read
  });

  test('a revocation stamped by an instance whose clock runs 30 s behind still drops the socket', async () => {
    const live = await liveServer();
    running = live.running;
    const { socket, staff } = await openStaff(live.running, live.deps, 'agent');
    await socket.next((f) => f.type === 'hello');
    live.deps.clock.advance(5_000);
    await Bun.sleep(600); // a look has happened since: the revocation below is "in the past"
    const behind = new Date(live.deps.clock.now().getTime() - 30_000);
    await revokeSession(live.deps.db, staff.sessionId, toIso(behind));
    expect((await socket.closed).code).toBe(SESSION_ENDED_CLOSE);
  });
});

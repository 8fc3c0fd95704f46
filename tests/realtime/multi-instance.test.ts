import { afterEach, describe, expect, test } from 'bun:test';
import { connectRealtime } from '../../client/shared/realtime.ts';
import type { Message } from '../../src/messages/message.ts';
import { createStaff } from '../support/make-app.ts';
import { makeVisitorChat, openVisitor } from './support/live.ts';
import { tcpProxy } from './support/tcp-proxy.ts';
import { postgresUrl, redisUrl, twoInstances } from './support/two-instances.ts';
import { eventOf, isEvent, openSocket } from './support/ws-client.ts';

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe.if(Boolean(postgresUrl && redisUrl))(
  'two live instances sharing PostgreSQL and Redis (RT-5, OPS-5)',
  () => {
    test('a visitor on A and an agent on B exchange messages, typing and receipts; presence is shared', async () => {
      const pair = await twoInstances();
      cleanup.push(() => pair.stop());
      const staff = await createStaff(pair.b.deps, 'agent');
      const chat = await makeVisitorChat(pair.db, { assignee_id: staff.id });
      const conversationId = chat.conversation.id;
      const agent = await openSocket(pair.b.running.wsUrl, {
        Cookie: staff.cookie,
        Origin: pair.b.running.url,
      });
      cleanup.push(() => agent.close());
      agent.send({ type: 'join', conversationId });
      await agent.next((f) => f.type === 'joined');
      const visitor = await openVisitor(pair.a.running, chat.project.id, chat.token);
      cleanup.push(() => visitor.close());
      visitor.send({ type: 'join', conversationId });
      await visitor.next((f) => f.type === 'joined');

      visitor.send({ type: 'typing', conversationId, typing: true });
      expect(eventOf(await agent.next(isEvent('typing.changed')))).toMatchObject({
        side: 'visitor',
        typing: true,
      });
      visitor.send({ type: 'send', conversationId, clientMessageId: 'v1', body: 'from A' });
      const onB = await agent.next(isEvent('message.created'));
      expect(eventOf(onB)).toMatchObject({ message: { seq: 1, body: 'from A' } });

      agent.send({ type: 'send', conversationId, clientMessageId: 'a1', body: 'from B' });
      const onA = await visitor.next(isEvent('message.created', (e) => (e.message as Message).seq === 2));
      expect(onA).toMatchObject({ message: { body: 'from B', senderKind: 'agent' } });

      visitor.send({ type: 'read', conversationId, seq: 2 });
      const receipt = await agent.next(isEvent('receipt.updated'));
      expect(eventOf(receipt)).toMatchObject({ side: 'visitor', deliveredSeq: 2, readSeq: 2 });
      agent.send({ type: 'read', conversationId, seq: 1 });
      expect(await visitor.next(isEvent('receipt.updated', (e) => e.side === 'staff'))).toMatchObject({
        readSeq: 1,
      });

      // Presence recorded on A is visible from B (routing runs its sweepers on any instance).
      expect(await pair.b.running.deps.presence.isOnline({ kind: 'visitor', id: conversationId })).toBe(true);
      expect(await pair.a.running.deps.presence.onlineStaff()).toContain(staff.id);
    });

    test('Redis cut for a while: sends still persist; after it returns, delivery resumes and catch-up fills the gap', async () => {
      const proxy = tcpProxy({
        hostname: '127.0.0.1',
        port: Number(new URL(redisUrl as string).port || 6379),
      });
      cleanup.push(() => proxy.stop());
      const pair = await twoInstances({ redisUrlA: proxy.url });
      cleanup.push(() => pair.stop());
      const staff = await createStaff(pair.b.deps, 'agent');
      const chat = await makeVisitorChat(pair.db, { assignee_id: staff.id });
      const conversationId = chat.conversation.id;

      const received: Message[] = [];
      let agentAcknowledged = 0;
      const wakers = new Set<() => void>();
      const agentClient = connectRealtime({
        url: pair.b.running.wsUrl,
        socketOptions: { headers: { Cookie: staff.cookie, Origin: pair.b.running.url } },
        onMessage: (message) => {
          received.push(message);
          for (const wake of wakers) wake();
        },
        onEvent: (event) => {
          if (event.type === 'receipt.updated' && event.side === 'staff') {
            agentAcknowledged = Math.max(agentAcknowledged, Number(event.deliveredSeq));
          }
          for (const wake of wakers) wake();
        },
      });
      cleanup.push(() => agentClient.close());
      agentClient.follow(conversationId, { lastSeq: 0 });
      const visitor = await openVisitor(pair.a.running, chat.project.id, chat.token);
      cleanup.push(() => visitor.close());
      const send = async (id: string) => {
        visitor.send({ type: 'send', conversationId, clientMessageId: id, body: id });
        return visitor.next((f) => (f.type === 'ack' || f.type === 'error') && f.clientMessageId === id);
      };
      const waitFor = (done: () => boolean, timeoutMs: number) =>
        new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), timeoutMs);
          const wake = () => {
            if (!done()) return;
            clearTimeout(timer);
            resolve(true);
          };
          wakers.add(wake);
          wake();
        });
      const receivedCount = (count: number, timeoutMs: number) =>
        waitFor(() => received.length >= count, timeoutMs);

      expect((await send('before-cut')).type).toBe('ack');
      expect(await receivedCount(1, 3000)).toBe(true);
      // The agent's join (and its catch-up) is over once its client's receipt came back.
      expect(await waitFor(() => agentAcknowledged >= 1, 3000)).toBe(true);

      proxy.cut();
      for (const id of ['during-1', 'during-2', 'during-3']) expect((await send(id)).type).toBe('ack');
      expect(await receivedCount(2, 300)).toBe(false); // nothing crossed to B while Redis was away
      expect(await pair.db.selectFrom('messages').select('seq').execute()).toHaveLength(4);

      proxy.restore();
      // Keep sending until a message crosses again (ioredis reconnects and re-subscribes by itself).
      let crossed = false;
      for (let i = 0; i < 60 && !crossed; i++) {
        await send(`after-${i}`);
        crossed = await receivedCount(5, 100);
      }
      expect(crossed).toBe(true);
      const total = (await pair.db.selectFrom('messages').select('seq').execute()).length;
      expect(await receivedCount(total, 3000)).toBe(true);
      expect(received.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(received.slice(0, 4).map((m) => m.body)).toEqual([
        'before-cut',
        'during-1',
        'during-2',
        'during-3',
      ]);
    });
  },
);

import { afterEach, describe, expect, test } from 'bun:test';
import { connectRealtime } from '../../client/shared/realtime.ts';
import type { Message } from '../../src/messages/message.ts';
import type { RunningServer } from '../../src/server.ts';
import { liveServer, makeVisitorChat, openStaff, visitorUrl } from './support/live.ts';
import { isEvent } from './support/ws-client.ts';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Resolves when `condition` holds after some event; rejects after timeoutMs. */
function until(condition: () => boolean, subscribe: (wake: () => void) => void, timeoutMs = 5000) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('condition not reached in time')), timeoutMs);
    const wake = () => {
      if (!condition()) return;
      clearTimeout(timer);
      resolve();
    };
    subscribe(wake);
    wake();
  });
}

describe('reconnect (RT-3) with the browser client library', () => {
  test('a socket dropped mid-stream ends up with every message exactly once, in order; un-acked sends are resent once', async () => {
    const live = await liveServer();
    running = live.running;
    const { socket: agent, staff } = await openStaff(live.running, live.deps, 'agent');
    const chat = await makeVisitorChat(live.deps.db, { assignee_id: staff.id });
    const conversationId = chat.conversation.id;
    agent.send({ type: 'join', conversationId });
    await agent.next((f) => f.type === 'joined');

    const received: Message[] = [];
    const wakers = new Set<() => void>();
    const statuses: string[] = [];
    const client = connectRealtime({
      url: visitorUrl(live.running, chat.project.id, chat.token),
      minDelayMs: 20,
      maxDelayMs: 100,
      random: () => 0.5,
      onMessage: (message) => {
        received.push(message);
        for (const wake of wakers) wake();
      },
      onStatus: (status) => {
        statuses.push(status);
        for (const wake of wakers) wake();
      },
    });
    client.follow(conversationId, { lastSeq: 0 });
    const subscribe = (wake: () => void) => void wakers.add(wake);

    const TOTAL = 40;
    let resent: Promise<Message> | undefined;
    for (let i = 1; i <= TOTAL; i++) {
      agent.send({ type: 'send', conversationId, clientMessageId: `a-${i}`, body: `agent ${i}` });
      await agent.next((f) => f.type === 'ack' && f.clientMessageId === `a-${i}`);
      if (i === 10) {
        await until(() => received.length >= 10, subscribe);
        client.dropConnection();
        await until(() => statuses.includes('closed'), subscribe);
        // Sent while offline: queued, and resent by the client once it is back.
        resent = client.send(conversationId, 'visitor while offline', { clientMessageId: 'v-offline' });
      }
    }
    const stored = await resent;
    await until(() => received.length === TOTAL + 1, subscribe);
    client.close();

    expect(statuses.filter((s) => s === 'open').length).toBeGreaterThanOrEqual(2);
    expect(received.map((m) => m.seq)).toEqual(Array.from({ length: TOTAL + 1 }, (_, i) => i + 1));
    expect(new Set(received.map((m) => m.id)).size).toBe(TOTAL + 1);
    expect(received.find((m) => m.clientMessageId === 'v-offline')?.id).toBe(stored?.id);
    const rows = await live.deps.db.selectFrom('messages').select('client_message_id').execute();
    expect(rows.filter((r) => r.client_message_id === 'v-offline')).toHaveLength(1);
    // The agent saw the resent message exactly once too (a pong comes after anything published before it).
    agent.send({ type: 'ping' });
    await agent.next((f) => f.type === 'pong');
    expect(
      agent.frames.filter(
        isEvent('message.created', (e) => (e.message as Message).clientMessageId === 'v-offline'),
      ),
    ).toHaveLength(1);
  });
});

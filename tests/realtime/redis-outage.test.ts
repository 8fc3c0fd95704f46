import { afterEach, describe, expect, test } from 'bun:test';
import { Redis } from 'ioredis';
import { connectRealtime } from '../../client/shared/realtime.ts';
import { redisLease } from '../../src/jobs/lease.ts';
import { createScheduler, type Sweeper } from '../../src/jobs/scheduler.ts';
import type { Message } from '../../src/messages/message.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { createStaff } from '../support/make-app.ts';
import { reportFigures } from '../support/reliability-report.ts';
import { makeVisitorChat, openVisitor } from './support/live.ts';
import { tcpProxy } from './support/tcp-proxy.ts';
import { postgresUrl, redisUrl, twoInstances } from './support/two-instances.ts';

/**
 * Issue 21 item 3: Redis goes away for both instances (a TCP proxy in front of the shared Redis
 * drops every connection and refuses new ones) while visitors on A send to an agent on B.
 * CI: 5 s away; the long version is `bun run bench/redis-outage.ts` (60 s, REDIS_OUTAGE_MS).
 */
const OUTAGE_MS = Number(process.env.REDIS_OUTAGE_MS ?? 5000);
const BUSY = 8;

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe.if(Boolean(postgresUrl && redisUrl))('Redis away during load on two instances', () => {
  test(
    'sends persist and are acked, delivery resumes, catch-up recovers everything, the lease passes cleanly',
    async () => {
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown) => void rejections.push(reason);
      process.on('unhandledRejection', onRejection);
      cleanup.push(() => process.off('unhandledRejection', onRejection));

      const proxy = tcpProxy({
        hostname: '127.0.0.1',
        port: Number(new URL(redisUrl as string).port || 6379),
      });
      cleanup.push(() => proxy.stop());
      // The production reconnect delay (500 ms), both instances through the proxy.
      const pair = await twoInstances({ redisUrlA: proxy.url, redisUrlB: proxy.url, redisRetryDelayMs: 500 });
      cleanup.push(() => pair.stop());
      const staff = await createStaff(pair.b.deps, 'agent');
      // Busy conversations under constant load (each visitor under its send limit, 120 a minute);
      // a quiet one that gets messages only while Redis is away.
      const chats = await Promise.all(
        [...Array.from({ length: BUSY }, (_, i) => `busy-${i + 1}`), 'quiet'].map(async (name) => ({
          name,
          ...(await makeVisitorChat(pair.db, { assignee_id: staff.id })),
        })),
      );

      // The sweeper leader lease of both instances through the same proxy, with a short TTL so
      // the lease expires during the outage and must be taken again after it.
      const lease = {
        running: 0,
        maxRunning: 0,
        ticks: { a: 0, b: 0 },
        afterRestore: 0,
        holders: [] as string[],
      };
      let restoredAt = Number.POSITIVE_INFINITY;
      const leaseClients: Redis[] = [];
      const leaseName = `test-outage-${crypto.randomUUID()}`;
      for (const name of ['a', 'b'] as const) {
        const client = new Redis(proxy.url, { maxRetriesPerRequest: 2 });
        client.on('error', () => undefined);
        leaseClients.push(client);
        const probe: Sweeper = {
          name: 'probe',
          everyMs: 100,
          async tick() {
            lease.running++;
            lease.maxRunning = Math.max(lease.maxRunning, lease.running);
            lease.ticks[name]++;
            if (performance.now() > restoredAt) lease.afterRestore++;
            if (lease.holders.at(-1) !== name) lease.holders.push(name);
            await Bun.sleep(50);
            lease.running--;
            return { processed: 1, skipped: 0, failed: 0 };
          },
        };
        // The scheduler on the real clock (the test deps' clock is manual).
        const deps = { ...(name === 'a' ? pair.a.deps : pair.b.deps), clock: systemClock };
        const scheduler = createScheduler(deps, [probe], {
          lease: redisLease(client, { name: leaseName, holder: name, ttlMs: 1500, keyPrefix: 'test-lease:' }),
          beatMs: 200,
        });
        scheduler.start();
        cleanup.push(async () => {
          await scheduler.stop();
          client.disconnect();
        });
      }

      const received = new Map<string, Array<{ message: Message; at: number }>>();
      const agent = connectRealtime({
        url: pair.b.running.wsUrl,
        socketOptions: { headers: { Cookie: staff.cookie, Origin: pair.b.running.url } },
        onMessage: (message) => {
          const list = received.get(message.conversationId) ?? [];
          list.push({ message, at: performance.now() });
          received.set(message.conversationId, list);
        },
      });
      cleanup.push(() => agent.close());
      for (const chat of chats) agent.follow(chat.conversation.id, { lastSeq: 0 });

      const visitors = await Promise.all(
        chats.map((chat) => openVisitor(pair.a.running, chat.project.id, chat.token)),
      );
      for (const visitor of visitors) cleanup.push(() => visitor.close());
      const acked = new Map<string, number>(); // client id → when the send was made
      const refused: string[] = [];
      let counter = 0;
      const send = async (index: number) => {
        const chat = chats[index];
        const visitor = visitors[index];
        if (!chat || !visitor) return;
        const id = `${chat.name}-${counter++}`;
        const sentAt = performance.now();
        visitor.send({ type: 'send', conversationId: chat.conversation.id, clientMessageId: id, body: id });
        const answer = await visitor.next(
          (f) => (f.type === 'ack' || f.type === 'error') && f.clientMessageId === id,
          5000,
        );
        if (answer.type === 'ack') acked.set(id, sentAt);
        else refused.push(id);
      };
      let loading = true;
      const load = (async () => {
        for (let i = 0; loading && i < 10_000; i++) {
          await Promise.all(Array.from({ length: BUSY }, (_, index) => send(index)));
          await Bun.sleep(550);
        }
      })();

      await Bun.sleep(1000);
      proxy.cut();
      const cutAt = performance.now();
      await Bun.sleep(OUTAGE_MS / 2);
      for (let i = 0; i < 3; i++) await send(BUSY);
      await Bun.sleep(OUTAGE_MS / 2);
      const ackedDuringOutage = [...acked.values()].filter((at) => at >= cutAt).length;
      proxy.restore();
      restoredAt = performance.now();

      // Live delivery resumes: the first message sent after the restore that B's agent receives.
      const firstLiveAfter = async () => {
        for (let i = 0; i < 200; i++) {
          const busy = [...received.values()].flat();
          const hit = busy.find(
            (entry) => (acked.get(entry.message.clientMessageId ?? '') ?? 0) >= restoredAt,
          );
          if (hit) return hit.at - restoredAt;
          await Bun.sleep(50);
        }
        return Number.POSITIVE_INFINITY;
      };
      const resumedMs = await firstLiveAfter();
      // The lease expired while Redis was away (TTL 1.5 s): one instance takes it again.
      for (let i = 0; i < 100 && lease.afterRestore === 0; i++) await Bun.sleep(50);
      const leaseBackMs = performance.now() - restoredAt;
      await Bun.sleep(1000);
      loading = false;
      await load;

      // Catch-up recovers everything, on every conversation, the quiet one included.
      const stored = await pair.db
        .selectFrom('messages')
        .select(['conversation_id', 'seq', 'client_message_id'])
        .orderBy('seq')
        .execute();
      const everythingArrived = async () => {
        for (let i = 0; i < 100; i++) {
          const count = [...received.values()].reduce((sum, list) => sum + list.length, 0);
          if (count >= stored.length) return true;
          await Bun.sleep(50);
        }
        return false;
      };
      const arrived = await everythingArrived();
      const storedIds = stored.map((row) => row.client_message_id);
      const figures = {
        outageMs: OUTAGE_MS,
        sent: counter,
        acked: acked.size,
        ackedDuringOutage,
        refused: refused.length,
        stored: stored.length,
        duplicates: storedIds.length - new Set(storedIds).size,
        ackedMissing: [...acked.keys()].filter((id) => !storedIds.includes(id)).length,
        liveResumedMs: Math.round(resumedMs),
        agentReceived: [...received.values()].reduce((sum, list) => sum + list.length, 0),
        quietReceived: received.get(chats[BUSY]?.conversation.id ?? '')?.length ?? 0,
        leaseTicks: lease.ticks,
        leaseTicksAfterRestore: lease.afterRestore,
        leaseBackMs: Math.round(leaseBackMs),
        leaseHolders: lease.holders.join('→'),
        sweepersAtOnce: lease.maxRunning,
        unhandledRejections: rejections.length,
        errorLogLines: [...pair.a.deps.log.lines, ...pair.b.deps.log.lines].filter((l) => l.level === 'error')
          .length,
      };
      reportFigures('redis outage', figures);

      expect(refused).toEqual([]);
      expect(ackedDuringOutage).toBeGreaterThan(0);
      expect(figures.ackedMissing).toBe(0);
      expect(figures.duplicates).toBe(0);
      expect(resumedMs).toBeLessThan(5000);
      expect(arrived).toBe(true);
      for (const chat of chats) {
        const seqs = (received.get(chat.conversation.id) ?? []).map((entry) => entry.message.seq);
        const want = stored
          .filter((row) => row.conversation_id === chat.conversation.id)
          .map((row) => row.seq);
        expect(seqs).toEqual(want);
        expect(want).toEqual(Array.from({ length: want.length }, (_, i) => i + 1));
      }
      expect(figures.quietReceived).toBe(3);
      expect(lease.maxRunning).toBe(1);
      expect(lease.afterRestore).toBeGreaterThan(0);
      expect(rejections).toEqual([]);
      expect([...pair.a.deps.log.lines, ...pair.b.deps.log.lines].filter((l) => l.level === 'error')).toEqual(
        [],
      );
    },
    60_000 + OUTAGE_MS * 2,
  );
  test('only the publishing instance loses Redis: once it can publish again, the other resyncs its sockets', async () => {
    const proxy = tcpProxy({ hostname: '127.0.0.1', port: Number(new URL(redisUrl as string).port || 6379) });
    cleanup.push(() => proxy.stop());
    const pair = await twoInstances({ redisUrlA: proxy.url, redisRetryDelayMs: 500 });
    cleanup.push(() => pair.stop());
    const staff = await createStaff(pair.b.deps, 'agent');
    const chat = await makeVisitorChat(pair.db, { assignee_id: staff.id });
    const conversationId = chat.conversation.id;
    const received: Message[] = [];
    let resyncs = 0;
    const agent = connectRealtime({
      url: pair.b.running.wsUrl,
      socketOptions: { headers: { Cookie: staff.cookie, Origin: pair.b.running.url } },
      onMessage: (message) => void received.push(message),
      // Pages that show what no seq covers (the CRM's lead regions) re-read it then (ADR 0045).
      onResync: () => void resyncs++,
    });
    cleanup.push(() => agent.close());
    agent.follow(conversationId, { lastSeq: 0 });
    const visitor = await openVisitor(pair.a.running, chat.project.id, chat.token);
    cleanup.push(() => visitor.close());
    await Bun.sleep(300); // the agent's join is answered

    proxy.cut();
    for (const id of ['q1', 'q2', 'q3']) {
      visitor.send({ type: 'send', conversationId, clientMessageId: id, body: id });
      expect((await visitor.next((f) => f.clientMessageId === id)).type).toBe('ack');
    }
    await Bun.sleep(300);
    expect(received).toHaveLength(0); // B's subscriber never lost Redis, but A could not publish
    proxy.restore();
    const restoredAt = performance.now();
    // No later message: only A's resync envelope makes B's agent catch up.
    for (let i = 0; i < 100 && received.length < 3; i++) await Bun.sleep(50);
    reportFigures('redis outage publisher only', {
      caughtUp: received.length,
      ms: Math.round(performance.now() - restoredAt),
    });
    expect(received.map((m) => m.body)).toEqual(['q1', 'q2', 'q3']);
    expect(resyncs).toBeGreaterThan(0);
    expect(pair.a.deps.log.lines.filter((l) => l.msg === 'realtime.redis_publish_failed')).toHaveLength(1);
  });
});

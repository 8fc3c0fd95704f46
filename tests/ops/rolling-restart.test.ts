import { afterEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRealtime, type RealtimeClient } from '../../client/shared/realtime.ts';
import type { Message } from '../../src/messages/message.ts';
import { makeVisitorChat } from '../realtime/support/live.ts';
import { roundRobinProxy } from '../realtime/support/tcp-proxy.ts';
import { deleteRedisKeys, postgresUrl, redisUrl } from '../realtime/support/two-instances.ts';
import { type MainProcess, spawnMain } from '../support/main-process.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';
import { manualClock } from '../support/manual-clock.ts';
import { reportFigures } from '../support/reliability-report.ts';
import { freshPostgres } from '../support/test-db.ts';

/**
 * Issue 21 item 5: two real src/main.ts instances (PostgreSQL + Redis) behind a round-robin TCP
 * balancer; under load, A is SIGTERMed and started again, then B. The clients are the browser's
 * module (connectRealtime): on 1012 they reconnect through the balancer to the survivor, resend
 * what was not acknowledged (same client ids) and catch up by seq.
 */
const CHATS = 4;

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe.if(Boolean(postgresUrl && redisUrl))('rolling restart of two instances (issue 21 item 5)', () => {
  test('every socket reconnects to the survivor, in-flight writes finish, nothing lost, no duplicates', async () => {
    const database = await freshPostgres(postgresUrl as string);
    cleanup.push(() => database.dispose());
    const deps = await makeTestDeps({ db: database.db, clock: manualClock(new Date()) });
    const agent = await createStaff(deps, 'agent');
    const chats = await Promise.all(
      Array.from({ length: CHATS }, () => makeVisitorChat(database.db, { assignee_id: agent.id })),
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'lc-rolling-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const prefix = `test-rolling-${crypto.randomUUID()}`;
    cleanup.push(() => deleteRedisKeys(prefix));
    const databaseUrl = `${postgresUrl}${postgresUrl?.includes('?') ? '&' : '?'}options=${encodeURIComponent(
      `-c search_path=${database.schema}`,
    )}`;
    const start = async () => {
      const main = await spawnMain({
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl as string,
        REDIS_PREFIX: prefix,
      });
      cleanup.push(() => main.signal('SIGKILL'));
      return main;
    };
    const instances: MainProcess[] = await Promise.all([start(), start()]);
    const targetsOf = (list: MainProcess[]) => list.map((m) => ({ hostname: '127.0.0.1', port: m.port }));
    const balancer = roundRobinProxy(targetsOf(instances));
    cleanup.push(() => balancer.stop());
    const wsUrl = `${balancer.url.replace('http', 'ws')}/ws`;

    const opens = new Map<string, number>();
    const received = new Map<string, Message[]>();
    const clients: RealtimeClient[] = [];
    const track = (name: string) => (status: string) => {
      if (status === 'open') opens.set(name, (opens.get(name) ?? 0) + 1);
    };
    const agentClient = connectRealtime({
      url: wsUrl,
      socketOptions: { headers: { Cookie: agent.cookie, Origin: balancer.url } },
      maxDelayMs: 1000,
      onStatus: track('agent'),
      onMessage: (message) => {
        const list = received.get(message.conversationId) ?? [];
        list.push(message);
        received.set(message.conversationId, list);
      },
    });
    clients.push(agentClient);
    for (const chat of chats) agentClient.follow(chat.conversation.id, { lastSeq: 0 });
    const visitors = chats.map((chat, index) => {
      const client = connectRealtime({
        url: `${wsUrl}?project=${chat.project.id}&vt=${chat.token}`,
        maxDelayMs: 1000,
        onStatus: track(`visitor-${index}`),
      });
      client.follow(chat.conversation.id, { lastSeq: 0 });
      clients.push(client);
      return client;
    });
    cleanup.push(() => {
      for (const client of clients) client.close();
    });

    const sent: Array<Promise<Message | Error>> = [];
    const acked = new Set<string>();
    let loading = true;
    const load = (async () => {
      for (let i = 0; loading && i < 200; i++) {
        visitors.forEach((client, index) => {
          const id = `v${index}-${i}`;
          const conversationId = chats[index]?.conversation.id as string;
          sent.push(
            client.send(conversationId, id, { clientMessageId: id }).then(
              (message) => {
                acked.add(id);
                return message;
              },
              (error: Error) => error,
            ),
          );
        });
        await Bun.sleep(400); // 2.5 a second per visitor: under the send limit
      }
    })();

    const restart = async (index: number) => {
      const old = instances[index] as MainProcess;
      old.signal('SIGTERM');
      expect(await old.exited).toBe(0);
      expect(old.lines.filter((line) => line.level === 'error')).toEqual([]);
      const fresh = await start();
      instances[index] = fresh;
      balancer.setTargets(targetsOf(instances));
    };
    await Bun.sleep(1500);
    await restart(0);
    await Bun.sleep(1500);
    await restart(1);
    await Bun.sleep(1500);
    loading = false;
    await load;
    const answers = await Promise.all(sent);

    const rows = await database.db
      .selectFrom('messages')
      .select(['conversation_id', 'seq', 'client_message_id'])
      .orderBy('seq')
      .execute();
    const storedIds = rows.map((row) => row.client_message_id);
    for (let i = 0; i < 100; i++) {
      if ([...received.values()].reduce((sum, list) => sum + list.length, 0) >= rows.length) break;
      await Bun.sleep(50);
    }
    const figures = {
      sent: sent.length,
      acked: acked.size,
      failed: answers.filter((answer) => answer instanceof Error).length,
      stored: rows.length,
      duplicates: storedIds.length - new Set(storedIds).size,
      ackedMissing: [...acked].filter((id) => !storedIds.includes(id)).length,
      agentReceived: [...received.values()].reduce((sum, list) => sum + list.length, 0),
      reconnects: Object.fromEntries(opens),
    };
    reportFigures('rolling restart', figures);

    expect(figures.failed).toBe(0);
    expect(acked.size).toBe(sent.length);
    expect(figures.ackedMissing).toBe(0);
    expect(figures.duplicates).toBe(0);
    for (const chat of chats) {
      const seqs = rows.filter((row) => row.conversation_id === chat.conversation.id).map((row) => row.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      // The agent has every message of the conversation exactly once, in order.
      expect((received.get(chat.conversation.id) ?? []).map((m) => m.seq)).toEqual(seqs);
    }
    // Every client was moved at least once (two restarts: each socket sat on one of them).
    for (const name of ['agent', ...visitors.map((_, i) => `visitor-${i}`)]) {
      expect(opens.get(name) ?? 0).toBeGreaterThanOrEqual(2);
    }
  }, 90_000);
});

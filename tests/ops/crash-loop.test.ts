import { Database as BunSqlite } from 'bun:sqlite';
import { afterEach, describe, expect, test } from 'bun:test';
import { makeVisitorChat } from '../realtime/support/live.ts';
import { postgresUrl } from '../realtime/support/two-instances.ts';
import { eventOf, openSocket, type TestSocket } from '../realtime/support/ws-client.ts';
import { spawnMain, tempDataDir } from '../support/main-process.ts';
import { createStaff, makeTestDeps } from '../support/make-app.ts';
import { manualClock } from '../support/manual-clock.ts';
import { reportFigures } from '../support/reliability-report.ts';
import { freshPostgres } from '../support/test-db.ts';

/**
 * Issue 21 item 1, short version: the real src/main.ts on SQLite is `kill -9`ed at a random point
 * while visitors and an agent send with client message ids, then restarted; the clients resend
 * everything not acknowledged, with the same ids; they also acknowledge what they saw (delivered
 * and read receipts). Every cycle: 0 acknowledged missing, 0 duplicates, per-conversation
 * sequences gap-free, receipts never behind the last cycle's nor behind any receipt a client was
 * told about, `PRAGMA integrity_check` ok.
 * CI: CRASH_CYCLES (default 8); the long version is `bun run bench/crash-loop.ts`.
 */
const CYCLES = Number(process.env.CRASH_CYCLES ?? 8);
const CHATS = 4;
/** CRASH_DB=postgres runs the loop on PostgreSQL (TEST_POSTGRES_URL), where integrity_check does not apply. */
const ON_POSTGRES = process.env.CRASH_DB === 'postgres' && Boolean(postgresUrl);

type Row = { conversation_id: string; seq: number; client_message_id: string };
const ROWS_SQL = 'SELECT conversation_id, seq, client_message_id FROM messages ORDER BY conversation_id, seq';
const RECEIPT_COLUMNS = [
  'visitor_delivered_seq',
  'visitor_read_seq',
  'staff_delivered_seq',
  'staff_read_seq',
] as const;
type ReceiptColumn = (typeof RECEIPT_COLUMNS)[number];
type Receipts = { id: string; last_seq: number } & Record<ReceiptColumn, number>;
const RECEIPTS_SQL = `SELECT id, last_seq, ${RECEIPT_COLUMNS.join(', ')} FROM conversations`;

/** The database the child runs on: its env, the seed connection, and a reader for each cycle. */
async function crashStore() {
  const data = await tempDataDir();
  if (!ON_POSTGRES) {
    return {
      name: 'SQLite',
      seed: data.seed,
      env: { DATA_DIR: data.dir } as Record<string, string>,
      afterSeed: () => data.seed.destroy(),
      read: async () => {
        const raw = new BunSqlite(`${data.dir}/app.sqlite`);
        const integrity = raw.query('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>;
        const rows = raw.query(ROWS_SQL).all() as Row[];
        const receipts = raw.query(RECEIPTS_SQL).all() as Receipts[];
        raw.close();
        return { integrity: integrity.map((row) => row.integrity_check), rows, receipts };
      },
      dispose: () => data.dispose(),
    };
  }
  await data.seed.destroy();
  const database = await freshPostgres(postgresUrl as string);
  const options = encodeURIComponent(`-c search_path=${database.schema}`);
  return {
    name: 'PostgreSQL',
    seed: database.db,
    env: {
      DATA_DIR: data.dir,
      DATABASE_URL: `${postgresUrl}${postgresUrl?.includes('?') ? '&' : '?'}options=${options}`,
    },
    afterSeed: async () => {},
    read: async () => {
      const rows = (await database.db
        .selectFrom('messages')
        .select(['conversation_id', 'seq', 'client_message_id'])
        .orderBy('conversation_id')
        .orderBy('seq')
        .execute()) as Row[];
      const receipts = (await database.db
        .selectFrom('conversations')
        .select(['id', 'last_seq', ...RECEIPT_COLUMNS])
        .execute()) as Receipts[];
      return { integrity: ['ok'], rows, receipts };
    },
    dispose: async () => {
      await database.dispose();
      data.dispose();
    },
  };
}

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

interface Client {
  name: string;
  conversationId: string;
  url: string;
  headers: Record<string, string>;
  everyMs: number;
}

describe('crash loop: kill -9 under load, restart, resend (issue 21 item 1)', () => {
  test(
    `${CYCLES} cycles on ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'}: nothing acknowledged lost, no duplicates, no gaps, integrity ok`,
    async () => {
      const store = await crashStore();
      cleanup.push(() => store.dispose());
      const deps = await makeTestDeps({ db: store.seed, clock: manualClock(new Date()) });
      const agent = await createStaff(deps, 'agent');
      const chats = await Promise.all(
        Array.from({ length: CHATS }, () => makeVisitorChat(store.seed, { assignee_id: agent.id })),
      );
      await store.afterSeed();

      /** Client id → conversation, for everything a client ever sent; acked = the server said so. */
      const sent = new Map<string, string>();
      const acked = new Set<string>();
      let nextId = 0;
      const figures = {
        cycles: 0,
        acked: 0,
        resent: 0,
        refused: 0,
        integrityOk: 0,
        maxUpMs: 0,
        receiptsSent: 0,
        receiptsAnnounced: 0,
        receiptsBackwards: 0,
      };
      /** Per conversation and column: the stored receipt after the last cycle. */
      const storedReceipts = new Map<string, number>();
      /** Per conversation and column: the highest receipt a client was told about (receipt.updated). */
      const announced = new Map<string, number>();
      const receiptKey = (conversationId: string, column: ReceiptColumn) => `${conversationId}/${column}`;

      for (let cycle = 0; cycle <= CYCLES; cycle++) {
        const last = cycle === CYCLES;
        const main = await spawnMain(store.env);
        cleanup.push(() => main.signal('SIGKILL'));
        const ws = main.url.replace('http', 'ws');
        const clients: Client[] = chats.flatMap((chat) => [
          {
            name: `v${chat.conversation.id.slice(-4)}`,
            conversationId: chat.conversation.id,
            url: `${ws}/ws?project=${chat.project.id}&vt=${chat.token}`,
            headers: {} as Record<string, string>,
            everyMs: 800, // under the visitor send limit (120 a minute)
          },
          {
            name: `a${chat.conversation.id.slice(-4)}`,
            conversationId: chat.conversation.id,
            url: `${ws}/ws`,
            headers: { Cookie: agent.cookie, Origin: main.url },
            everyMs: 100,
          },
        ]);
        let running = true;
        const sockets: TestSocket[] = [];
        const clientOf = new Map<TestSocket, Client>();
        const runClient = async (client: Client) => {
          const socket = await openSocket(client.url, client.headers).catch(() => undefined);
          if (!socket) return;
          sockets.push(socket);
          clientOf.set(socket, client);
          socket.send({ type: 'join', conversationId: client.conversationId });
          // Killed before the answer (the socket closes): resent next cycle.
          const answer = (id: string) =>
            Promise.race([
              socket
                .next((f) => (f.type === 'ack' || f.type === 'error') && f.clientMessageId === id, 10_000)
                .then((frame) => {
                  if (frame.type === 'ack') acked.add(id);
                  else figures.refused++;
                }),
              socket.closed.then(() => undefined),
            ]).catch(() => undefined);
          // Resend what this client sent and never saw acknowledged, with the same ids.
          const unacked = [...sent].filter(
            ([id, c]) => c === client.conversationId && id.startsWith(client.name),
          );
          const waits: Array<Promise<void>> = [];
          for (const [id] of unacked.filter(([id]) => !acked.has(id))) {
            figures.resent++;
            socket.send({
              type: 'send',
              conversationId: client.conversationId,
              clientMessageId: id,
              body: id,
            });
            waits.push(answer(id));
          }
          for (let i = 0; running && !last && i < 1000; i++) {
            const id = `${client.name}-${nextId++}`;
            sent.set(id, client.conversationId);
            socket.send({
              type: 'send',
              conversationId: client.conversationId,
              clientMessageId: id,
              body: id,
            });
            waits.push(answer(id));
            await Bun.sleep(client.everyMs);
          }
          await Promise.all(waits);
        };
        /**
         * Receipts as a client sends them: the highest seq it has seen (its acks, the other side's
         * messages), as delivered and read (visitor) or read (agent, which implies delivered).
         */
        const acknowledge = async () => {
          const sentUpTo = new Map<TestSocket, number>();
          while (running) {
            for (const socket of sockets) {
              const client = clientOf.get(socket) as Client;
              const seen = Math.max(
                0,
                ...socket.frames.map((frame) => {
                  const message = (frame.type === 'ack' ? frame : eventOf(frame)).message as
                    | { seq?: number; conversationId?: string }
                    | undefined;
                  return message?.conversationId === client.conversationId ? (message.seq ?? 0) : 0;
                }),
              );
              if (seen <= (sentUpTo.get(socket) ?? 0)) continue;
              sentUpTo.set(socket, seen);
              const kind = client.name.startsWith('v') && seen % 2 === 1 ? 'delivered' : 'read';
              socket.send({ type: kind, conversationId: client.conversationId, seq: seen });
              figures.receiptsSent++;
            }
            await Bun.sleep(150);
          }
        };
        const startedAt = performance.now();
        const receipting = acknowledge();
        const load = Promise.all(clients.map(runClient));
        if (last) {
          await load; // the final run only resends: every answer arrives
          await Bun.sleep(400); // and the receipts for them go out
          running = false;
        } else {
          await Bun.sleep(200 + Math.random() * 800);
          main.signal('SIGKILL');
          running = false;
          await main.exited;
          await load;
          figures.maxUpMs = Math.max(figures.maxUpMs, Math.round(performance.now() - startedAt));
        }
        await receipting;
        for (const socket of sockets) {
          for (const frame of socket.frames) {
            const event = eventOf(frame);
            if (event.type !== 'receipt.updated') continue;
            figures.receiptsAnnounced++;
            const { conversationId, side, deliveredSeq, readSeq } = event as unknown as {
              conversationId: string;
              side: 'visitor' | 'staff';
              deliveredSeq: number;
              readSeq: number;
            };
            for (const [column, seq] of [
              [`${side}_delivered_seq`, deliveredSeq],
              [`${side}_read_seq`, readSeq],
            ] as Array<[ReceiptColumn, number]>) {
              const key = receiptKey(conversationId, column);
              announced.set(key, Math.max(announced.get(key) ?? 0, seq));
            }
          }
        }
        for (const socket of sockets) socket.close();
        if (last) {
          main.signal('SIGTERM');
          await main.exited;
        }

        const { integrity, rows, receipts } = await store.read();
        expect(integrity).toEqual(['ok']);
        figures.integrityOk++;
        const stored = new Set(rows.map((row) => row.client_message_id));
        expect(rows.length - stored.size).toBe(0); // no duplicates
        expect([...acked].filter((id) => !stored.has(id))).toEqual([]); // nothing acknowledged lost
        for (const chat of chats) {
          const seqs = rows
            .filter((row) => row.conversation_id === chat.conversation.id)
            .map((row) => row.seq);
          expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
        }
        if (last) expect([...sent.keys()].filter((id) => !stored.has(id))).toEqual([]);
        // Receipts never move backwards: not behind the last cycle, nor behind what a client was told.
        const behind: string[] = [];
        for (const row of receipts) {
          for (const column of RECEIPT_COLUMNS) {
            const key = receiptKey(row.id, column);
            const floor = Math.max(storedReceipts.get(key) ?? 0, announced.get(key) ?? 0);
            if (Number(row[column]) < floor || Number(row[column]) > Number(row.last_seq)) {
              behind.push(`${key}: ${row[column]} (floor ${floor}, last_seq ${row.last_seq})`);
            }
            storedReceipts.set(key, Number(row[column]));
          }
        }
        figures.receiptsBackwards += behind.length;
        expect(behind).toEqual([]);
        figures.cycles = cycle;
      }
      figures.acked = acked.size;
      reportFigures(`crash loop ${store.name}`, { ...figures, sent: sent.size });
      expect(acked.size).toBe(sent.size);
      // The receipts were exercised: sent every cycle, announced, and stored past zero.
      expect(figures.receiptsAnnounced).toBeGreaterThan(0);
      for (const chat of chats) {
        for (const column of RECEIPT_COLUMNS) {
          expect(storedReceipts.get(receiptKey(chat.conversation.id, column)) ?? 0).toBeGreaterThan(0);
        }
      }
    },
    30_000 + CYCLES * 15_000, // ~2.5–6 s a cycle, more on a loaded machine
  );
});

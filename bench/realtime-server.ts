/**
 * The server side of bench/realtime.ts, run as its own process so clients and server do not
 * share one JavaScript thread. Prints "READY <port>" when listening.
 *   `app <sqlite path>`      the product (group commit, SQLite synchronous=FULL);
 *   `echo`                   a bare Bun pub/sub relay, the baseline of SPEC PERF-3;
 *   `durable <sqlite path>`  the same relay, but each tick's messages are first committed to a
 *                            one-table SQLite file with synchronous=FULL: the floor that "persisted
 *                            durably first" puts under any server on this disk.
 */

import { Database } from 'bun:sqlite';
import type { Server, ServerWebSocket } from 'bun';
import { createAiAgent } from '../src/ai/ai-agent.service.ts';
import { loadConfig } from '../src/config.ts';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import type { Deps } from '../src/deps.ts';
import { memoryPresence } from '../src/events/presence.ts';
import { memoryPublisher } from '../src/events/publisher.ts';
import { groupCommitWriter } from '../src/messages/message-writer.ts';
import { secretBox } from '../src/security/secret-box.ts';
import { makeSecurityDeps } from '../src/security/security-deps.ts';
import { startServer } from '../src/server.ts';
import { systemClock } from '../src/shared/clock.ts';
import { randomToken, timeOrderedIds } from '../src/shared/ids.ts';
import { jsonLogger } from '../src/shared/log.ts';
import { systemTimers } from '../src/shared/timers.ts';
import { noGeoLookup } from '../src/visitors/geo-ip.ts';

const [mode, path] = process.argv.slice(2);
// Exit cleanly on kill so a --cpu-prof profile gets written.
process.on('SIGTERM', () => process.exit(0));
// The bench reads resident memory after a full collection (SPEC PERF-5: memory per idle socket).
process.on('SIGUSR2', () => Bun.gc(true));

interface Relayed {
  ws: ServerWebSocket<{ topic: string }>;
  frame: { clientMessageId: string; body: string };
}

/** Relay to the conversation, acknowledge the sender: the same shape of work as the product. */
function relay(server: Server<{ topic: string }>, { ws, frame }: Relayed): void {
  server.publish(ws.data.topic, JSON.stringify({ type: 'message.created', message: { body: frame.body } }));
  ws.send(JSON.stringify({ type: 'ack', clientMessageId: frame.clientMessageId }));
}

/** Messages of one tick committed together (one fsync), then relayed; undefined: relay at once. */
function durableLog(path: string | undefined) {
  if (!path) return undefined;
  const db = new Database(path, { create: true });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('CREATE TABLE log (id INTEGER PRIMARY KEY, topic TEXT NOT NULL, body TEXT NOT NULL)');
  const insert = db.query('INSERT INTO log (topic, body) VALUES (?, ?)');
  const commit = db.transaction((batch: Relayed[]) => {
    for (const { ws, frame } of batch) insert.run(ws.data.topic, frame.body);
  });
  let queue: Relayed[] = [];
  return (server: Server<{ topic: string }>, item: Relayed) => {
    queue.push(item);
    if (queue.length > 1) return;
    setImmediate(() => {
      const batch = queue;
      queue = [];
      commit(batch);
      for (const done of batch) relay(server, done);
    });
  };
}

if (mode === 'echo' || mode === 'durable') {
  const log = durableLog(mode === 'durable' ? path : undefined);
  const server: Server<{ topic: string }> = Bun.serve<{ topic: string }>({
    hostname: '127.0.0.1',
    port: 0,
    fetch(req, srv) {
      const topic = new URL(req.url).searchParams.get('c') ?? '';
      return srv.upgrade(req, { data: { topic } }) ? undefined : new Response('no', { status: 400 });
    },
    websocket: {
      open(ws) {
        ws.subscribe(ws.data.topic);
      },
      message(ws, text) {
        const item = { ws, frame: JSON.parse(String(text)) as Relayed['frame'] };
        if (log) log(server, item);
        else relay(server, item);
      },
    },
  });
  process.stdout.write(`READY ${server.port}\n`);
} else if (mode === 'app' && path) {
  const raw = openSqlite(path);
  raw.exec('PRAGMA synchronous = FULL');
  const base = {
    config: loadConfig({ APP_ENV: 'test' }),
    db: sqliteKysely(raw),
    clock: systemClock,
    log: jsonLogger('error'),
  };
  const security = await makeSecurityDeps(base, { redisUrl: '' });
  const deps: Deps = {
    ...base,
    ids: timeOrderedIds(),
    publisher: memoryPublisher(),
    presence: memoryPresence(),
    blocks: security.blocks,
    counters: security.counters,
    messageWriter: groupCommitWriter(base.db),
    secrets: secretBox(randomToken()),
    aiAgent: createAiAgent({ timers: systemTimers }),
    geo: noGeoLookup,
  };
  const running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
  process.stdout.write(`READY ${running.server.port}\n`);
} else {
  process.stderr.write('usage: realtime-server.ts echo | durable <sqlite path> | app <sqlite path>\n');
  process.exit(64);
}

/**
 * The server side of bench/realtime.ts, run as its own process so clients and server do not
 * share one JavaScript thread: `app <sqlite path>` is the product (group commit, SQLite
 * synchronous=FULL); `echo` is a bare Bun pub/sub relay, the baseline of SPEC PERF-3.
 * Prints "READY <port>" when listening.
 */

import { loadConfig } from '../src/config.ts';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import type { Deps } from '../src/deps.ts';
import { memoryPresence } from '../src/realtime/presence.ts';
import { memoryPublisher } from '../src/realtime/publisher.ts';
import { makeSecurityDeps } from '../src/security/security-deps.ts';
import { startServer } from '../src/server.ts';
import { systemClock } from '../src/shared/clock.ts';
import { timeOrderedIds } from '../src/shared/ids.ts';
import { jsonLogger } from '../src/shared/log.ts';

const [mode, path] = process.argv.slice(2);
// Exit cleanly on kill so a --cpu-prof profile gets written.
process.on('SIGTERM', () => process.exit(0));

if (mode === 'echo') {
  const server = Bun.serve<{ topic: string }>({
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
        // Same shape of work as the product: relay to the conversation, acknowledge the sender.
        const frame = JSON.parse(String(text)) as { clientMessageId: string; body: string };
        server.publish(
          ws.data.topic,
          JSON.stringify({ type: 'message.created', message: { body: frame.body } }),
        );
        ws.send(JSON.stringify({ type: 'ack', clientMessageId: frame.clientMessageId }));
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
  };
  const running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
  process.stdout.write(`READY ${running.server.port}\n`);
} else {
  process.stderr.write('usage: realtime-server.ts echo | app <sqlite path>\n');
  process.exit(64);
}

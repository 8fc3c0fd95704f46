import { afterEach, describe, expect, test } from 'bun:test';
import { connectDatabase, SQLITE_BUSY_TIMEOUT_MS } from '../../src/db/connect.ts';
import type { Db } from '../../src/db/database.ts';
import type { RunningServer } from '../../src/server.ts';
import { liveServer, makeVisitorChat, openVisitor } from '../realtime/support/live.ts';
import { tcpProxy } from '../realtime/support/tcp-proxy.ts';
import type { TestSocket } from '../realtime/support/ws-client.ts';
import { tempDataDir } from '../support/main-process.ts';
import { createStaff, TEST_PASSWORD, type TestDeps } from '../support/make-app.ts';
import { freshPostgres } from '../support/test-db.ts';

/**
 * Database trouble (issue 21 item 4): another process holds the SQLite write lock; the PostgreSQL
 * connection is cut. The API answers 503 with Retry-After within a bound (never a 500, never a
 * hang, no crash), /readyz follows reachability, and nothing acknowledged is lost: every send
 * refused during the trouble is resent afterwards with the same client id and stored exactly once.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL;

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

interface Live {
  deps: TestDeps;
  running: RunningServer;
}

const login = (running: RunningServer, email: string) =>
  fetch(`${running.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: running.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: TEST_PASSWORD }).toString(),
  });

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const startedAt = performance.now();
  const value = await work;
  return { value, ms: performance.now() - startedAt };
}

/** Sends and waits for the ack or the error that answers this client id. */
async function send(socket: TestSocket, conversationId: string, clientMessageId: string) {
  socket.send({ type: 'send', conversationId, clientMessageId, body: `body ${clientMessageId}` });
  return socket.next(
    (frame) => (frame.type === 'ack' || frame.type === 'error') && frame.clientMessageId === clientMessageId,
    15_000,
  );
}

async function stored(db: Db, conversationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('messages')
    .select(['client_message_id'])
    .where('conversation_id', '=', conversationId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => String(row.client_message_id));
}

async function readyWithin(running: RunningServer, timeoutMs: number): Promise<number> {
  const startedAt = performance.now();
  while (performance.now() - startedAt < timeoutMs) {
    if ((await fetch(`${running.url}/readyz`)).status === 200) return performance.now() - startedAt;
    await Bun.sleep(100);
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}

/** A second process that takes the SQLite write lock and keeps it for `holdMs`. */
async function holdWriteLock(path: string, holdMs: number): Promise<{ released: Promise<number> }> {
  const script = `
    const { Database } = require('bun:sqlite');
    const db = new Database(${JSON.stringify(path)});
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec('BEGIN EXCLUSIVE');
    db.exec("UPDATE projects SET updated_at = updated_at");
    console.log('locked');
    setTimeout(() => { db.exec('COMMIT'); console.log('released'); }, ${holdMs});
  `;
  const child = Bun.spawn([process.execPath, '-e', script], { stdout: 'pipe', stderr: 'inherit' });
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  expect(new TextDecoder().decode(value)).toContain('locked');
  reader.releaseLock();
  return { released: child.exited };
}

describe('database trouble (issue 21 item 4)', () => {
  test('SQLite locked by another process for 10 s: 503 with Retry-After or a bounded wait, then everything resent is stored once', async () => {
    const data = await tempDataDir();
    cleanup.push(() => data.dispose());
    const live: Live = await liveServer({ db: data.seed });
    cleanup.push(() => live.running.stop());
    const staff = await createStaff(live.deps, 'agent');
    const chat = await makeVisitorChat(data.seed);
    const visitor = await openVisitor(live.running, chat.project.id, chat.token);
    cleanup.push(() => visitor.close());
    const conversationId = chat.conversation.id;
    visitor.send({ type: 'join', conversationId });
    await visitor.next((frame) => frame.type === 'joined');
    expect((await send(visitor, conversationId, 'before')).type).toBe('ack');

    const lock = await holdWriteLock(`${data.dir}/app.sqlite`, 10_000);
    const lockedAt = performance.now();

    // bun:sqlite waits synchronously: the instance stalls at most the busy timeout per write.
    const [during, health] = await Promise.all([
      timed(send(visitor, conversationId, 'during')),
      (async () => {
        await Bun.sleep(20);
        return timed(fetch(`${live.running.url}/healthz`));
      })(),
    ]);
    expect(health.value.status).toBe(200);
    expect(health.ms).toBeLessThan(SQLITE_BUSY_TIMEOUT_MS + 1_000);
    expect(during.value).toMatchObject({ type: 'error', code: 'unavailable' });
    expect(during.ms).toBeLessThan(SQLITE_BUSY_TIMEOUT_MS + 1_000);
    const refused = await timed(login(live.running, staff.email));
    expect(refused.value.status).toBe(503);
    expect(refused.value.headers.get('Retry-After')).toBe('5');
    expect(refused.ms).toBeLessThan(SQLITE_BUSY_TIMEOUT_MS + 2_000);
    // Reads go on under the WAL: the database is reachable, the instance stays ready.
    expect((await fetch(`${live.running.url}/readyz`)).status).toBe(200);
    expect(performance.now() - lockedAt).toBeLessThan(10_000); // all of it seen while locked

    expect(await lock.released).toBe(0);
    expect((await send(visitor, conversationId, 'during')).type).toBe('ack');
    expect((await send(visitor, conversationId, 'after')).type).toBe('ack');
    expect((await login(live.running, staff.email)).status).toBe(303);
    expect(await stored(data.seed, conversationId)).toEqual(['before', 'during', 'after']);
    expect(live.deps.log.lines.filter((line) => line.level === 'error')).toEqual([]);
  }, 40_000);

  test.if(Boolean(postgresUrl))(
    'PostgreSQL connection cut: 503 with Retry-After, readyz 503 within its bound, ready again after, nothing acknowledged lost',
    async () => {
      const schema = await freshPostgres(postgresUrl as string);
      cleanup.push(() => schema.dispose());
      const target = new URL(postgresUrl as string);
      const proxy = tcpProxy({ hostname: target.hostname, port: Number(target.port || 5432) });
      cleanup.push(() => proxy.stop());
      const proxied = new URL(postgresUrl as string);
      proxied.port = new URL(proxy.url).port;
      proxied.searchParams.set('options', `-c search_path=${schema.schema}`);
      const lost: Error[] = [];
      const db = await connectDatabase(proxied.toString(), {
        onConnectionError: (error) => lost.push(error),
      });
      cleanup.push(() => db.destroy());

      const live: Live = await liveServer({ db });
      cleanup.push(() => live.running.stop());
      const staff = await createStaff(live.deps, 'agent');
      const chat = await makeVisitorChat(db);
      const visitor = await openVisitor(live.running, chat.project.id, chat.token);
      cleanup.push(() => visitor.close());
      const conversationId = chat.conversation.id;
      visitor.send({ type: 'join', conversationId });
      await visitor.next((frame) => frame.type === 'joined');
      expect((await send(visitor, conversationId, 'before')).type).toBe('ack');
      expect((await login(live.running, staff.email)).status).toBe(303); // fills the pool

      proxy.cut();
      const ready = await timed(fetch(`${live.running.url}/readyz`));
      expect(ready.value.status).toBe(503);
      expect(ready.ms).toBeLessThan(3_000);
      // bun:sqlite waits synchronously: the instance stalls at most the busy timeout per write.
      const [during, health] = await Promise.all([
        timed(send(visitor, conversationId, 'during')),
        (async () => {
          await Bun.sleep(20);
          return timed(fetch(`${live.running.url}/healthz`));
        })(),
      ]);
      expect(health.value.status).toBe(200);
      expect(health.ms).toBeLessThan(SQLITE_BUSY_TIMEOUT_MS + 1_000);
      expect(during.value).toMatchObject({ type: 'error', code: 'unavailable' });
      expect(during.ms).toBeLessThan(7_000);
      const refused = await timed(login(live.running, staff.email));
      expect(refused.value.status).toBe(503);
      expect(refused.value.headers.get('Retry-After')).toBe('5');
      expect(refused.ms).toBeLessThan(7_000);
      expect((await fetch(`${live.running.url}/healthz`)).status).toBe(200); // alive, just not ready

      proxy.restore();
      expect(await readyWithin(live.running, 10_000)).toBeLessThan(10_000);
      expect((await send(visitor, conversationId, 'during')).type).toBe('ack');
      expect((await send(visitor, conversationId, 'after')).type).toBe('ack');
      expect((await login(live.running, staff.email)).status).toBe(303);
      expect(await stored(schema.db, conversationId)).toEqual(['before', 'during', 'after']);
      expect(live.deps.log.lines.filter((line) => line.level === 'error')).toEqual([]);
    },
    60_000,
  );
});

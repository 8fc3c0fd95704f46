import { afterEach, describe, expect, test } from 'bun:test';
import type { Db } from '../../src/db/database.ts';
import { listMessagesAfterSeq } from '../../src/messages/messages.queries.ts';
import { NOT_BOUND_ERROR, PENDING_SOCKETS_PER_ADDRESS } from '../../src/realtime/wire.ts';
import type { RunningServer } from '../../src/server.ts';
import { randomToken } from '../../src/shared/ids.ts';
import { SOCKET_BIND_PARAM } from '../../src/visitors/visitor-token.ts';
import { countRows, validForm, visitorProject } from '../http/visitor/visitor-support.ts';
import { liveServer, makeVisitorChat, openStaff } from './support/live.ts';
import { postgresUrl, redisUrl, twoInstances } from './support/two-instances.ts';
import { isEvent, openSocket, type TestSocket } from './support/ws-client.ts';

/**
 * The early socket (PERF-7, ADR 0051): a visitor page opens `/ws?project=…&bind=<key>` before it
 * has a chat, and the chat start that posts the same key binds that socket to the new chat, so
 * the chat is live when the start's answer arrives. Until then the socket may only ping.
 */
let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const pendingUrl = (running: RunningServer, projectId: string, key: string) =>
  `${running.wsUrl}?project=${projectId}&${SOCKET_BIND_PARAM}=${key}`;

async function openPending(running: RunningServer, projectId: string, key = randomToken()) {
  const socket = await openSocket(pendingUrl(running, projectId, key));
  cleanup.push(() => socket.close());
  await socket.next((frame) => frame.type === 'hello');
  return { socket, key };
}

function startChat(running: RunningServer, slug: string, fields: Record<string, string>) {
  return fetch(`${running.url}/p/${slug}/chat`, {
    method: 'POST',
    headers: {
      Origin: running.url,
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ ...validForm, ...fields }),
  });
}

/** A ping answered means every frame sent before it was handled. */
async function settle(socket: TestSocket): Promise<void> {
  socket.send({ type: 'ping' });
  await socket.next((frame) => frame.type === 'pong');
}

async function live() {
  const server = await liveServer();
  cleanup.push(() => server.running.stop());
  return server;
}

const upgradeStatus = async (url: string) =>
  (await fetch(url.replace(/^ws/, 'http'), { headers: { Upgrade: 'websocket', Connection: 'Upgrade' } }))
    .status;

describe('a pending visitor socket (no chat yet)', () => {
  test('may only ping: joins are refused as not bound, writes as forbidden', async () => {
    const { running, deps } = await live();
    const other = await makeVisitorChat(deps.db);
    const { socket } = await openPending(running, other.project.id);
    const conversationId = other.conversation.id;

    socket.send({ type: 'join', conversationId, afterSeq: 0 });
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: NOT_BOUND_ERROR });
    socket.send({ type: 'send', conversationId, clientMessageId: 'p-1', body: 'sneaky' });
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({
      code: 'forbidden',
      clientMessageId: 'p-1',
    });
    for (const frame of [
      { type: 'typing', conversationId, typing: true },
      { type: 'read', conversationId, seq: 1 },
      { type: 'delivered', conversationId, seq: 1 },
    ]) {
      socket.send(frame);
      expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: 'forbidden' });
    }
    await settle(socket);
    expect(socket.frames.filter((f) => f.type === 'joined' || f.type === 'ack')).toEqual([]);
    expect(await listMessagesAfterSeq(deps.db, conversationId, 0)).toEqual([]);
  });

  test('is refused without a well-formed key, for an unknown project, and past the per-address cap', async () => {
    const { running, deps } = await live();
    const project = await visitorProject(deps.db, { slug: 'solar' });
    expect(await upgradeStatus(`${running.wsUrl}?project=${project.id}`)).toBe(401);
    expect(await upgradeStatus(pendingUrl(running, project.id, 'short'))).toBe(401);
    expect(await upgradeStatus(pendingUrl(running, 'no-such-project', randomToken()))).toBe(401);

    for (let i = 0; i < PENDING_SOCKETS_PER_ADDRESS; i++) await openPending(running, project.id);
    expect(await upgradeStatus(pendingUrl(running, project.id, randomToken()))).toBe(429);
    // A socket with a chat's token is not pending: the cap does not apply to it.
    const chat = await makeVisitorChat(deps.db);
    const withToken = await openSocket(`${running.wsUrl}?project=${chat.project.id}&vt=${chat.token}`);
    cleanup.push(() => withToken.close());
    await withToken.next((f) => f.type === 'hello');
  });
});

describe('the chat start binds the page socket', () => {
  test('the socket is joined before the start answers, then works as the visitor: live messages, sends, receipts', async () => {
    const { running, deps } = await live();
    const project = await visitorProject(deps.db, { slug: 'solar' });
    const { socket, key } = await openPending(running, project.id);

    const res = await startChat(running, 'solar', { [SOCKET_BIND_PARAM]: key });
    expect(res.status).toBe(201);
    const started = (await res.json()) as { conversationId: string; token: string };
    // Joined without asking: the socket heard it on its own.
    const joined = await socket.next((f) => f.type === 'joined');
    expect(joined).toMatchObject({ conversationId: started.conversationId, messages: [] });

    const { socket: admin } = await openStaff(running, deps, 'admin');
    cleanup.push(() => admin.close());
    await settle(admin);
    admin.send({
      type: 'send',
      conversationId: started.conversationId,
      clientMessageId: 'admin-1',
      body: 'Welcome!',
    });
    const heard = await socket.next(isEvent('message.created'));
    expect(heard).toMatchObject({ message: { body: 'Welcome!', seq: 1 } });

    socket.send({ type: 'send', conversationId: started.conversationId, clientMessageId: 'v-1', body: 'Hi' });
    expect(await socket.next((f) => f.type === 'ack')).toMatchObject({
      message: { senderKind: 'visitor', seq: 2, body: 'Hi' },
    });
    socket.send({ type: 'read', conversationId: started.conversationId, seq: 1 });
    const receipt = await admin.next(isEvent('receipt.updated', (e) => e.side === 'visitor'));
    expect(receipt).toMatchObject({ event: { readSeq: 1 } });
    const stored = await listMessagesAfterSeq(deps.db, started.conversationId, 0);
    expect(stored.map((m) => [m.senderKind, m.body])).toEqual([
      ['admin', 'Welcome!'],
      ['visitor', 'Hi'],
    ]);
    // The visitor is online for routing (ROUTE-6) through the bound socket.
    expect(await deps.presence.isOnline({ kind: 'visitor', id: started.conversationId })).toBe(true);
    socket.close();
    await socket.closed;
    for (
      let tries = 0;
      await deps.presence.isOnline({ kind: 'visitor', id: started.conversationId });
      tries++
    ) {
      if (tries > 200) throw new Error('the bound socket stayed online after it closed');
      await Bun.sleep(5);
    }
  });

  test('a key binds only its own project and only once; a start without a key binds nothing', async () => {
    const { running, deps } = await live();
    const solar = await visitorProject(deps.db, { slug: 'solar' });
    await visitorProject(deps.db, { slug: 'wind' });
    const { socket, key } = await openPending(running, solar.id);

    // The same key posted to another project's page binds nothing here.
    expect((await startChat(running, 'wind', { [SOCKET_BIND_PARAM]: key, name: 'Wendy Wind' })).status).toBe(
      201,
    );
    expect((await startChat(running, 'solar', { name: 'No Key' })).status).toBe(201);
    await settle(socket);
    expect(socket.frames.filter((f) => f.type === 'joined')).toEqual([]);

    const first = await startChat(running, 'solar', { [SOCKET_BIND_PARAM]: key, name: 'Sol Bright' });
    const { conversationId } = (await first.json()) as { conversationId: string };
    expect(await socket.next((f) => f.type === 'joined')).toMatchObject({ conversationId });
    // Someone else replaying the key with a start of their own cannot move the socket to their chat.
    const replay = await startChat(running, 'solar', {
      [SOCKET_BIND_PARAM]: key,
      name: 'Mal Lory',
      phone: '07911 123457',
    });
    expect(replay.status).toBe(201);
    const other = ((await replay.json()) as { conversationId: string }).conversationId;
    expect(other).not.toBe(conversationId);
    await settle(socket);
    expect(socket.frames.filter((f) => f.type === 'joined').map((f) => f.conversationId)).toEqual([
      conversationId,
    ]);
    socket.send({ type: 'join', conversationId: other, afterSeq: 0 });
    await settle(socket);
    expect(socket.frames.filter((f) => f.type === 'joined')).toHaveLength(1);
  });

  test('a malformed key is a 422 naming the field, and starts nothing', async () => {
    const { running, deps } = await live();
    await visitorProject(deps.db, { slug: 'solar' });
    const before = await countRows(deps.db);
    const res = await startChat(running, 'solar', { [SOCKET_BIND_PARAM]: 'not-a-key' });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: 'bind.invalid', field: SOCKET_BIND_PARAM });
    expect(await countRows(deps.db)).toEqual(before);
  });

  test('a returning visitor page with its token is bound to the chat it starts as well', async () => {
    const { running, deps } = await live();
    const project = await visitorProject(deps.db, { slug: 'solar' });
    const first = await startChat(running, 'solar', {});
    const { token } = (await first.json()) as { token: string };
    const key = randomToken();
    const socket = await openSocket(`${pendingUrl(running, project.id, key)}&vt=${token}`);
    cleanup.push(() => socket.close());
    await socket.next((f) => f.type === 'hello');
    const again = await fetch(`${running.url}/p/solar/chat`, {
      method: 'POST',
      headers: {
        Origin: running.url,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Visitor-Token': token,
        Cookie: `vt_${project.id}=${token}`,
      },
      body: new URLSearchParams({ ...validForm, [SOCKET_BIND_PARAM]: key }),
    });
    const { conversationId } = (await again.json()) as { conversationId: string };
    expect(await socket.next((f) => f.type === 'joined')).toMatchObject({ conversationId });
  });
});

describe.if(Boolean(postgresUrl && redisUrl))('binding across instances (RT-5)', () => {
  test('the start on instance A binds the page socket held by instance B', async () => {
    const pair = await twoInstances();
    cleanup.push(() => pair.stop());
    const project = await visitorProject(pair.db as Db, { slug: 'solar' });
    const { socket, key } = await openPending(pair.b.running, project.id);
    const res = await startChat(pair.a.running, 'solar', { [SOCKET_BIND_PARAM]: key });
    expect(res.status).toBe(201);
    const { conversationId } = (await res.json()) as { conversationId: string };
    expect(await socket.next((f) => f.type === 'joined')).toMatchObject({ conversationId });
    socket.send({ type: 'send', conversationId, clientMessageId: 'v-1', body: 'From B' });
    expect(await socket.next((f) => f.type === 'ack')).toMatchObject({ message: { body: 'From B' } });
  });
});

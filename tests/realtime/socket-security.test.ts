import { afterEach, describe, expect, test } from 'bun:test';
import { VISITOR_SEND_LIMIT } from '../../src/realtime/socket.ts';
import { blockIp } from '../../src/security/ip-blocks.service.ts';
import type { RunningServer } from '../../src/server.ts';
import { createStaff } from '../support/make-app.ts';
import { liveServer, makeVisitorChat, openVisitor, visitorUrl } from './support/live.ts';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Where the operator signs in from: never the address they block. */
const OPERATOR_IP = '192.0.2.1';

describe('/ws under the security layer', () => {
  test('a blocked address cannot open a socket: bare 403 before authentication (SEC-1)', async () => {
    const live = await liveServer();
    running = live.running;
    const chat = await makeVisitorChat(live.deps.db);
    const admin = await createStaff(live.deps, 'admin');
    const blocked = await blockIp(live.deps, {
      ip: '127.0.0.1',
      reason: 'abuse',
      operatorId: admin.id,
      operatorIp: OPERATOR_IP,
    });
    expect(blocked.ok).toBe(true);

    const res = await fetch(visitorUrl(live.running, chat.project.id, chat.token).replace(/^ws/, 'http'), {
      headers: {
        Upgrade: 'websocket',
        Connection: 'Upgrade',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('');
    await expect(openVisitor(live.running, chat.project.id, chat.token)).rejects.toThrow();
  });

  test('visitor sends past the per-address limit are refused with rate_limited and not stored (SEC-8)', async () => {
    const live = await liveServer();
    running = live.running;
    const chat = await makeVisitorChat(live.deps.db);
    const visitor = await openVisitor(live.running, chat.project.id, chat.token);
    visitor.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
    await visitor.next((f) => f.type === 'joined');
    const { limit } = VISITOR_SEND_LIMIT;
    for (let i = 0; i < limit; i++) {
      visitor.send({
        type: 'send',
        conversationId: chat.conversation.id,
        clientMessageId: `m-${i}`,
        body: `hi ${i}`,
      });
    }
    for (let i = 0; i < limit; i++) await visitor.next((f) => f.type === 'ack', 10_000);
    visitor.send({
      type: 'send',
      conversationId: chat.conversation.id,
      clientMessageId: 'one-too-many',
      body: 'x',
    });
    const refused = await visitor.next((f) => f.type === 'error');
    expect(refused).toMatchObject({ code: 'rate_limited', clientMessageId: 'one-too-many' });
    const stored = await live.deps.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('conversation_id', '=', chat.conversation.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(limit);
  });
});

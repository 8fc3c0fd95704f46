import { afterEach, describe, expect, test } from 'bun:test';
import { MAX_FRAME_BYTES } from '../../src/realtime/wire.ts';
import type { RunningServer } from '../../src/server.ts';
import { liveServer, makeVisitorChat, openVisitor } from './support/live.ts';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('/ws bad input', () => {
  test('each bad frame gets an error event; the connection and the server keep working', async () => {
    const live = await liveServer();
    running = live.running;
    const chat = await makeVisitorChat(live.deps.db);
    const visitor = await openVisitor(live.running, chat.project.id, chat.token);
    const id = chat.conversation.id;
    const cases: Array<[string, string, Record<string, unknown>]> = [
      ['malformed JSON', '{"type":', { code: 'bad_json' }],
      ['unknown type', JSON.stringify({ type: 'explode' }), { code: 'bad_frame', field: 'type' }],
      [
        'oversized frame',
        JSON.stringify({ type: 'ping', pad: 'x'.repeat(MAX_FRAME_BYTES) }),
        { code: 'frame_too_large' },
      ],
      [
        'wrong field type',
        JSON.stringify({ type: 'read', conversationId: id, seq: '7' }),
        { code: 'bad_frame', field: 'seq' },
      ],
      ['extra field', JSON.stringify({ type: 'ping', admin: true }), { code: 'bad_frame' }],
      [
        'body too long',
        JSON.stringify({ type: 'send', conversationId: id, clientMessageId: 'c', body: 'x'.repeat(4001) }),
        { code: 'bad_frame', field: 'body' },
      ],
      ['JSON that is not an object', '42', { code: 'bad_frame' }],
    ];
    for (const [name, text, expected] of cases) {
      visitor.sendRaw(text);
      const error = await visitor.next((f) => f.type === 'error');
      expect({ name, ...error }).toMatchObject({ name, ...expected });
    }
    // Still connected and useful: the same socket joins and sends.
    visitor.send({ type: 'join', conversationId: id, afterSeq: 0 });
    await visitor.next((f) => f.type === 'joined');
    visitor.send({ type: 'send', conversationId: id, clientMessageId: 'ok-1', body: 'still here' });
    await visitor.next((f) => f.type === 'ack');
    // And the server serves others.
    const health = await fetch(`${live.running.url}/healthz`);
    expect(health.status).toBe(200);
    const nothingWritten = await live.deps.db.selectFrom('messages').select('body').execute();
    expect(nothingWritten).toEqual([{ body: 'still here' }]);
  });
});

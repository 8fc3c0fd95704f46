import { afterEach, describe, expect, test } from 'bun:test';
import type { RunningServer } from '../../src/server.ts';
import { liveServer, makeVisitorChat, visitorUrl } from './support/live.ts';
import { openSocket } from './support/ws-client.ts';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const upgrade = (url: string, origin: string) =>
  fetch(url.replace('ws:', 'http:'), {
    headers: {
      Origin: origin,
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    },
  });

describe('WebSocket upgrade and the widget origin whitelist (WID-5)', () => {
  test("a visitor socket opened from a site not on the project's list is refused with 403", async () => {
    const live = await liveServer();
    running = live.running;
    const chat = await makeVisitorChat(live.deps.db);
    await live.deps.db
      .insertInto('project_origins')
      .values({
        id: live.deps.ids.next(),
        project_id: chat.project.id,
        origin: 'https://*.client.com',
        created_at: '2026-11-23T10:00:00.000Z',
      })
      .execute();
    const url = visitorUrl(live.running, chat.project.id, chat.token);
    for (const origin of ['https://evil.example', 'https://client.com', 'null']) {
      const res = await upgrade(url, origin);
      expect({ origin, status: res.status }).toEqual({ origin, status: 403 });
    }
    // The widget's frame (our own origin) and an allowed site get their socket.
    for (const origin of [live.running.url, 'https://shop.client.com']) {
      const socket = await openSocket(url, { Origin: origin });
      socket.send({ type: 'ping' });
      await socket.next((frame) => frame.type === 'pong');
      socket.close();
    }
  });
});

import { afterEach, describe, expect, test } from 'bun:test';
import { Redis } from 'ioredis';
import { SERVER_RESTART_CLOSE } from '../../src/realtime/wire.ts';
import { makeVisitorChat } from '../realtime/support/live.ts';
import { deleteRedisKeys } from '../realtime/support/two-instances.ts';
import { openSocket } from '../realtime/support/ws-client.ts';
import { type MainProcess, spawnMain, tempDataDir } from '../support/main-process.ts';
import { createStaff, makeTestDeps, TEST_PASSWORD } from '../support/make-app.ts';
import { manualClock } from '../support/manual-clock.ts';
import { reportFigures } from '../support/reliability-report.ts';

/**
 * OPS-7 shutdown order, on the real process entry (src/main.ts) with SQLite in a temp DATA_DIR:
 * SIGTERM with requests in flight and sockets open. Every request gets its response, every socket
 * is closed with 1012 (clients reconnect elsewhere), the close handlers' presence and routing work
 * runs while the database and Redis are up, and the process exits 0 without an error logged.
 */
const redisUrl = process.env.TEST_REDIS_URL;

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function seededServer(extraEnv: Record<string, string> = {}) {
  const data = await tempDataDir();
  cleanup.push(() => data.dispose());
  // The session must be valid on the real clock the child runs on.
  const deps = await makeTestDeps({ db: data.seed, clock: manualClock(new Date()) });
  const agent = await createStaff(deps, 'agent');
  const chat = await makeVisitorChat(data.seed, { assignee_id: agent.id });
  await data.seed.destroy();
  const main = await spawnMain({ DATA_DIR: data.dir, ...extraEnv });
  cleanup.push(() => main.signal('SIGKILL'));
  return { main, agent, chat };
}

const login = (main: MainProcess, email: string) =>
  fetch(`${main.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: main.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: TEST_PASSWORD }).toString(),
  });

const variants: Array<[string, () => Record<string, string>]> = [
  ['in-process', () => ({})],
  ...(redisUrl
    ? [
        ['with Redis', () => ({ REDIS_URL: redisUrl, REDIS_PREFIX: `test-stop-${crypto.randomUUID()}` })] as [
          string,
          () => Record<string, string>,
        ],
      ]
    : []),
];

describe('SIGTERM on the real server (OPS-7, issue 21 item 6)', () => {
  for (const [name, env] of variants) {
    test(`${name}: in-flight requests get their responses, sockets close cleanly, nothing is logged as an error`, async () => {
      const extraEnv = env();
      if (extraEnv.REDIS_PREFIX) cleanup.push(() => deleteRedisKeys(extraEnv.REDIS_PREFIX as string));
      const { main, agent, chat } = await seededServer(extraEnv);

      const agentSocket = await openSocket(`${main.url.replace('http', 'ws')}/ws`, {
        Cookie: agent.cookie,
        Origin: main.url,
      });
      const visitor = await openSocket(
        `${main.url.replace('http', 'ws')}/ws?project=${chat.project.id}&vt=${chat.token}`,
      );
      visitor.send({ type: 'join', conversationId: chat.conversation.id });
      await visitor.next((frame) => frame.type === 'joined');
      await agentSocket.next((frame) => frame.type === 'hello');

      // Four sign-ins (bcrypt makes each take a while) are in flight when SIGTERM arrives.
      const logins = Array.from({ length: 4 }, () => login(main, agent.email));
      await Bun.sleep(60);
      const signalledAt = performance.now();
      main.signal('SIGTERM');
      const responses = await Promise.all(logins);
      const answeredMs = performance.now() - signalledAt;
      expect(responses.map((response) => response.status)).toEqual([303, 303, 303, 303]);

      expect((await agentSocket.closed).code).toBe(SERVER_RESTART_CLOSE);
      expect((await visitor.closed).code).toBe(SERVER_RESTART_CLOSE);
      expect(await main.exited).toBe(0);
      const exitMs = performance.now() - signalledAt;

      const messages = main.lines.map((line) => line.msg);
      expect(messages).toContain('server.stopping');
      expect(messages.at(-1)).toBe('server.stopped');
      expect(main.lines.filter((line) => line.level === 'error')).toEqual([]);
      expect(main.lines.filter((line) => line.level === 'warn')).toEqual([]);
      expect(main.other).toEqual([]);
      reportFigures(`shutdown ${name}`, {
        inFlightRequests: logins.length,
        answered: responses.filter((response) => response.status === 303).length,
        socketsOpen: 2,
        closedWith1012: 2,
        errorLines: main.lines.filter((line) => line.level === 'error').length,
        warnLines: main.lines.filter((line) => line.level === 'warn').length,
        lastResponseMs: Math.round(answeredMs),
        exitMs: Math.round(exitMs),
      });
      // New connections are refused once the listener is closed (the port is gone).
      expect(
        await fetch(`${main.url}/healthz`).then(
          () => 'answered',
          () => 'refused',
        ),
      ).toBe('refused');

      if (extraEnv.REDIS_PREFIX) {
        const client = new Redis(redisUrl as string);
        cleanup.push(() => client.disconnect());
        // The close handlers ran against Redis: nothing of this instance is left but "gone" marks.
        const left = await client.keys(`${extraEnv.REDIS_PREFIX}:presence:*`);
        expect(left.filter((key) => !key.includes(':gone:')).sort()).toEqual([]);
      }
    }, 30_000);
  }
});

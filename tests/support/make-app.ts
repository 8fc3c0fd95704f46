import { createAiAgent } from '../../src/ai/ai-agent.service.ts';
import { createApp } from '../../src/app.tsx';
import { hashPassword } from '../../src/auth/passwords.ts';
import type { Role } from '../../src/auth/roles.ts';
import { insertSession } from '../../src/auth/sessions.queries.ts';
import { insertUser } from '../../src/auth/users.queries.ts';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/database.ts';
import type { Deps } from '../../src/deps.ts';
import { memoryPresence } from '../../src/events/presence.ts';
import { memoryPublisher } from '../../src/events/publisher.ts';
import { groupCommitWriter } from '../../src/messages/message-writer.ts';
import { type BlockSync, ipBlockRegistry } from '../../src/security/ip-blocks.ts';
import { secretBox } from '../../src/security/secret-box.ts';
import { memoryWindowCounter, type WindowCounter } from '../../src/security/window-counter.ts';
import { toIso } from '../../src/shared/clock.ts';
import { hashToken, randomToken, timeOrderedIds } from '../../src/shared/ids.ts';
import { memoryLogger } from '../../src/shared/log.ts';
import { systemTimers, type Timers } from '../../src/shared/timers.ts';
import { openGeoLookup } from '../../src/visitors/geo-ip.ts';
import { type ManualClock, manualClock } from './manual-clock.ts';
import { freshSqlite } from './test-db.ts';

export const ORIGIN = 'http://localhost';

export type TestDeps = Deps & {
  clock: ManualClock;
  log: ReturnType<typeof memoryLogger>;
  publisher: ReturnType<typeof memoryPublisher>;
};

export async function makeTestDeps(
  overrides: {
    db?: Db;
    env?: Record<string, string>;
    counters?: WindowCounter;
    blockSync?: BlockSync;
    /** The AI agent's pacing timers (manual ones follow the manual clock: tests/support/manual-timers.ts). */
    aiTimers?: Timers;
    clock?: ManualClock;
  } = {},
): Promise<TestDeps> {
  const clock = overrides.clock ?? manualClock();
  const db = overrides.db ?? (await freshSqlite()).db;
  const log = memoryLogger();
  const blocks = ipBlockRegistry({ db, clock, log }, overrides.blockSync);
  await blocks.load();
  const config = loadConfig({ APP_ENV: 'test', ...overrides.env });
  const deps: TestDeps = {
    config,
    db,
    clock,
    ids: timeOrderedIds(() => clock.now().getTime()),
    log,
    publisher: memoryPublisher(),
    presence: memoryPresence(),
    blocks,
    counters: overrides.counters ?? memoryWindowCounter(),
    messageWriter: groupCommitWriter(db),
    secrets: secretBox(randomToken()),
    aiAgent: createAiAgent({ timers: overrides.aiTimers ?? systemTimers }),
    geo: await openGeoLookup(config.geoipDbPath),
  };
  deps.aiAgent.attach(deps);
  return deps;
}

export async function makeTestApp(overrides: Parameters<typeof makeTestDeps>[0] = {}) {
  const deps = await makeTestDeps(overrides);
  return { deps, app: createApp(deps) };
}

/** bcrypt is slow by design: hash the shared test password once. */
let testPasswordHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestStaff {
  id: string;
  email: string;
  role: Role;
  cookie: string;
  sessionId: string;
}

/** Creates a staff user with a live session, without going through the login form. */
export async function createStaff(
  deps: Deps,
  role: Role,
  options: { email?: string; liveChat?: boolean; crm?: boolean; activeLimit?: number } = {},
): Promise<TestStaff> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const id = deps.ids.next();
  const email = options.email ?? `${role}-${id.slice(-6).toLowerCase()}@example.test`;
  const now = deps.clock.now();
  await insertUser(deps.db, {
    id,
    email,
    displayName: `${role} ${id.slice(-4)}`,
    passwordHash: await testPasswordHash,
    role,
    liveChatEnabled: options.liveChat ?? role === 'agent',
    crmEnabled: options.crm ?? false,
    activeLimit: options.activeLimit,
    now: toIso(now),
  });
  const token = randomToken();
  const sessionId = deps.ids.next();
  await insertSession(deps.db, {
    id: sessionId,
    userId: id,
    tokenHash: hashToken(token),
    ip: null,
    userAgent: null,
    now: toIso(now),
    expiresAt: toIso(new Date(now.getTime() + 86_400_000)),
  });
  return { id, email, role, cookie: `sid=${token}`, sessionId };
}

/** A same-origin form POST as a browser sends it. */
export function postForm(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return app.request(path, {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

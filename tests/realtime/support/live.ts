import type { Db } from '../../../src/db/database.ts';
import type { Deps } from '../../../src/deps.ts';
import type { Timers } from '../../../src/realtime/timers.ts';
import { type RunningServer, type StartOptions, startServer } from '../../../src/server.ts';
import { hashToken, randomToken } from '../../../src/shared/ids.ts';
import { makeConversation, makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, makeTestDeps, type TestDeps } from '../../support/make-app.ts';
import { openSocket } from './ws-client.ts';

/** A live server on 127.0.0.1:0 with the real socket handlers, in-process fan-out unless told. */
export async function liveServer(
  options: StartOptions & { db?: Db } = {},
): Promise<{ deps: TestDeps; running: RunningServer; origin: string }> {
  const deps = await makeTestDeps({ db: options.db });
  const running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null, ...options });
  return { deps, running, origin: running.url };
}

/** A visitor with a real token and a conversation, as the visitor page would have them. */
export async function makeVisitorChat(db: Db, overrides: { assignee_id?: string; status?: string } = {}) {
  const project = await makeProject(db);
  const token = randomToken();
  const visitor = await makeVisitor(db, { project_id: project.id, token_hash: hashToken(token) });
  const conversation = await makeConversation(db, {
    project_id: project.id,
    visitor_id: visitor.id,
    status: overrides.status ?? (overrides.assignee_id ? 'active' : 'unassigned'),
    assignee_id: overrides.assignee_id ?? null,
  });
  return { project, visitor, token, conversation };
}

export const visitorUrl = (running: RunningServer, projectId: string, token: string) =>
  `${running.wsUrl}?project=${projectId}&vt=${token}`;

export function openVisitor(running: RunningServer, projectId: string, token: string) {
  return openSocket(visitorUrl(running, projectId, token));
}

export async function openStaff(running: RunningServer, deps: Deps, role: Parameters<typeof createStaff>[1]) {
  const staff = await createStaff(deps, role);
  const socket = await openSocket(running.wsUrl, { Cookie: staff.cookie, Origin: running.url });
  return { staff, socket };
}

/** Timers a test fires by hand: typing auto-clear without waiting five seconds. */
export function manualTimers(): Timers & { fireAll(): void; pending(): number } {
  const scheduled = new Map<number, () => void>();
  let nextId = 1;
  return {
    setTimeout(callback) {
      const id = nextId++;
      scheduled.set(id, callback);
      return id;
    },
    clearTimeout(handle) {
      scheduled.delete(handle as number);
    },
    fireAll() {
      const due = [...scheduled.values()];
      scheduled.clear();
      for (const callback of due) callback();
    },
    pending: () => scheduled.size,
  };
}

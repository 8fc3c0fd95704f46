import type { Insertable } from 'kysely';
import type { ConversationsTable } from '../../../src/db/database.ts';
import { updateAgentLimits } from '../../../src/routing/routing.queries.ts';
import { toIso } from '../../../src/shared/clock.ts';
import { makeConversation, makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, type TestDeps, type TestStaff } from '../../support/make-app.ts';

/** An agent with a live session and an open socket (presence), with the given limits. */
export async function onlineAgent(
  deps: TestDeps,
  options: { activeLimit?: number; offlineLimit?: number; liveChat?: boolean; online?: boolean } = {},
): Promise<TestStaff> {
  const staff = await createStaff(deps, 'agent', {
    activeLimit: options.activeLimit ?? 3,
    liveChat: options.liveChat ?? true,
  });
  if (options.offlineLimit !== undefined) {
    await updateAgentLimits(
      deps.db,
      staff.id,
      { activeLimit: options.activeLimit ?? 3, offlineLimit: options.offlineLimit },
      toIso(deps.clock.now()),
    );
  }
  if (options.online !== false) await connectAgent(deps, staff.id, 'tab-1');
  return staff;
}

export const connectAgent = (deps: TestDeps, userId: string, tab: string) =>
  deps.presence.connect({ kind: 'staff', id: userId }, `${userId}:${tab}`, deps.clock.now());

export const disconnectAgent = (deps: TestDeps, userId: string, tab: string) =>
  deps.presence.disconnect({ kind: 'staff', id: userId }, `${userId}:${tab}`, deps.clock.now());

/** One project and visitor shared by many chats (the visitor only matters through the phone). */
export async function chatMaker(deps: TestDeps) {
  const project = await makeProject(deps.db);
  const visitor = await makeVisitor(deps.db, { project_id: project.id });
  let n = 0;
  return (overrides: Partial<Insertable<ConversationsTable>> = {}) => {
    n++;
    const at = toIso(new Date(deps.clock.now().getTime() - 1_000_000 + n));
    return makeConversation(deps.db, {
      project_id: project.id,
      visitor_id: visitor.id,
      queued_at: at,
      last_message_at: at,
      ...overrides,
    });
  };
}

export async function statusOf(deps: TestDeps, id: string) {
  return deps.db
    .selectFrom('conversations')
    .select(['status', 'assignee_id', 'queued_at', 'visitor_left_at', 'closed_by'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export async function activeCounts(deps: Pick<TestDeps, 'db'>): Promise<Record<string, number>> {
  const rows = await deps.db
    .selectFrom('conversations')
    .select(['assignee_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'active')
    .groupBy('assignee_id')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.assignee_id ?? 'none', Number(row.n)]));
}

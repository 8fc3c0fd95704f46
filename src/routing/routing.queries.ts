import { type ExpressionBuilder, sql } from 'kysely';
import { OPEN_STATUSES } from '../conversations/conversation.ts';
import type { Database, Db, UsersTable } from '../db/database.ts';
import { firstRows, isSet, upsertRow } from '../db/dialect.ts';
import type { AgentSnapshot } from './eligibility.ts';
import { ROUTING_SETTINGS_KEY } from './routing-settings.ts';

const ROUND_ROBIN_POINTER_KEY = 'round_robin_pointer';

/**
 * Agents among `userIds` with their load. `online` here means "has a live session"; the service
 * combines it with presence (sockets). Staff who are not agents come back too, to explain refusals.
 */
export async function listAgentSnapshots(
  db: Db,
  userIds: readonly string[],
  now: string,
): Promise<Array<AgentSnapshot & { hasLiveSession: boolean }>> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('users as u')
    .select([
      'u.id',
      'u.role',
      'u.is_active',
      'u.live_chat_enabled',
      'u.on_break',
      'u.active_limit',
      'u.offline_limit',
      'u.last_assigned_at',
    ])
    .select((eb) => [
      eb
        .selectFrom('conversations as c')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('c.assignee_id', '=', 'u.id')
        .where('c.status', '=', 'active')
        .as('active_count'),
      eb
        .selectFrom('conversations as c')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('c.assignee_id', '=', 'u.id')
        .where('c.status', '=', 'offline')
        .as('offline_count'),
      eb
        .selectFrom('sessions as s')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('s.user_id', '=', 'u.id')
        .where('s.revoked_at', 'is', null)
        .where('s.expires_at', '>', now)
        .as('live_sessions'),
    ])
    .where('u.id', 'in', [...userIds])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    role: row.role,
    isActive: isSet(row.is_active),
    liveChatEnabled: isSet(row.live_chat_enabled),
    onBreak: isSet(row.on_break),
    online: false,
    activeCount: Number(row.active_count ?? 0),
    activeLimit: row.active_limit,
    offlineCount: Number(row.offline_count ?? 0),
    offlineLimit: row.offline_limit,
    lastAssignedAt: row.last_assigned_at,
    hasLiveSession: Number(row.live_sessions ?? 0) > 0,
  }));
}

/** Agents holding another open chat with this phone number (duplicate-by-phone, ROUTE-2). */
export async function listPhoneHolderIds(
  db: Db,
  phone: string,
  exceptConversationId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('conversations')
    .select('assignee_id')
    .distinct()
    .where('visitor_phone', '=', phone)
    .where('status', 'in', [...OPEN_STATUSES])
    .where('assignee_id', 'is not', null)
    .where('id', '<>', exceptConversationId)
    .execute();
  return rows.flatMap((row) => (row.assignee_id ? [row.assignee_id] : []));
}

/** Waiting chats, oldest in the queue first (BEYOND-1). */
export async function listQueuedConversationIds(db: Db, count: number): Promise<string[]> {
  const qb = db
    .selectFrom('conversations')
    .select('id')
    .where('status', '=', 'unassigned')
    .where('assignee_id', 'is', null)
    .orderBy('queued_at', 'asc')
    .orderBy('id', 'asc');
  const rows = await firstRows(db, qb, count).execute();
  return rows.map((row) => row.id);
}

export async function findRoundRobinPointer(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('routing_state')
    .select('value')
    .where('key', '=', ROUND_ROBIN_POINTER_KEY)
    .executeTakeFirst();
  return row?.value ?? null;
}

export async function saveRoundRobinPointer(db: Db, agentId: string, now: string): Promise<void> {
  await upsertRow(db, 'routing_state', ['key'], {
    key: ROUND_ROBIN_POINTER_KEY,
    value: agentId,
    updated_at: now,
  });
}

/**
 * First step of every assignment transaction: stamps the agent's last assignment while still a
 * live-chat agent (and not on a break, unless an admin/manager assigns by hand: ROUTE-8, -10). On
 * server databases this UPDATE takes the agent's row lock, so assignments to one agent run one at
 * a time and the limit check that follows sees every committed one.
 */
export async function lockAgentForAssignment(
  db: Db,
  agentId: string,
  now: string,
  options: { allowBreak?: boolean } = {},
): Promise<boolean> {
  let query = db
    .updateTable('users')
    .set({ last_assigned_at: now })
    .where('id', '=', agentId)
    .where('role', '=', 'agent')
    .where('is_active', '=', 1)
    .where('live_chat_enabled', '=', 1);
  if (!options.allowBreak) query = query.where('on_break', '=', 0);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The assignment compare-and-set: the chat must still be as read (status, holder), and the agent
 * must be below the limit for the status the chat will have (unless `overLimit`: an admin or
 * manager said so explicitly). Success means exactly one row changed.
 */
export async function claimConversationForAgent(
  db: Db,
  claim: {
    id: string;
    agentId: string;
    from: string;
    fromAssigneeId: string | null;
    to: 'active' | 'offline';
    now: string;
    overLimit?: boolean;
  },
): Promise<boolean> {
  const limitColumn = claim.to === 'active' ? 'active_limit' : 'offline_limit';
  let query = db
    .updateTable('conversations')
    .set({
      status: claim.to,
      assignee_id: claim.agentId,
      assigned_at: claim.now,
      queued_at: null,
      updated_at: claim.now,
    })
    .where('id', '=', claim.id)
    .where('status', '=', claim.from)
    .where('assignee_id', claim.fromAssigneeId === null ? 'is' : '=', claim.fromAssigneeId);
  if (!claim.overLimit) {
    query = query.where((eb) =>
      eb(
        eb
          .selectFrom('conversations as held')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .where('held.assignee_id', '=', claim.agentId)
          .where('held.status', '=', claim.to),
        '<',
        eb.selectFrom('users').select(limitColumn).where('users.id', '=', claim.agentId),
      ),
    );
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A chat left in the queue keeps its place: the queue time is set once. */
export async function markConversationQueued(db: Db, id: string, now: string): Promise<void> {
  await db
    .updateTable('conversations')
    .set({ queued_at: now })
    .where('id', '=', id)
    .where('status', '=', 'unassigned')
    .where('queued_at', 'is', null)
    .execute();
}

export async function updateAgentBreak(
  db: Db,
  userId: string,
  onBreak: boolean,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ on_break: onBreak ? 1 : 0, updated_at: now })
    .where('id', '=', userId)
    .where('on_break', '=', onBreak ? 0 : 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateAgentActivity(db: Db, userId: string, now: string): Promise<void> {
  await db.updateTable('users').set({ last_activity_at: now }).where('id', '=', userId).execute();
}

export async function updateAgentLimits(
  db: Db,
  userId: string,
  limits: { activeLimit: number; offlineLimit: number },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ active_limit: limits.activeLimit, offline_limit: limits.offlineLimit, updated_at: now })
    .where('id', '=', userId)
    .where('role', '=', 'agent')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Staff idle since `cutoff` who still hold open chats and are still signed in, in id order after
 * `afterId` (ROUTE-9). Idle: no heartbeat since the cutoff (never: since the account was created)
 * and no sign-in since the cutoff either, so someone who just logged in back is not idle.
 */
export async function listIdleAgentIds(
  db: Db,
  { now, cutoff, afterId, count }: { now: string; cutoff: string; afterId: string | null; count: number },
): Promise<string[]> {
  const liveSessions = (eb: ExpressionBuilder<Database & { u: UsersTable }, 'u'>) =>
    eb
      .selectFrom('sessions as s')
      .select('s.id')
      .whereRef('s.user_id', '=', 'u.id')
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', now);
  let qb = db
    .selectFrom('users as u')
    .select('u.id')
    .where(sql<string>`coalesce(u.last_activity_at, u.created_at)`, '<=', cutoff)
    .where((eb) => eb.exists(liveSessions(eb)))
    .where((eb) => eb.not(eb.exists(liveSessions(eb).where('s.created_at', '>', cutoff))))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('conversations as c')
          .select('c.id')
          .whereRef('c.assignee_id', '=', 'u.id')
          .where('c.status', 'in', [...OPEN_STATUSES]),
      ),
    );
  if (afterId !== null) qb = qb.where('u.id', '>', afterId);
  const rows = await firstRows(db, qb.orderBy('u.id', 'asc'), count).execute();
  return rows.map((row) => row.id);
}

export async function findRoutingSettingsValue(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', ROUTING_SETTINGS_KEY)
    .executeTakeFirst();
  return row?.value;
}

export async function saveRoutingSettingsValue(
  db: Db,
  value: string,
  now: string,
  actorId: string | null,
): Promise<void> {
  await upsertRow(db, 'settings', ['key'], {
    key: ROUTING_SETTINGS_KEY,
    value,
    updated_at: now,
    updated_by: actorId,
  });
}

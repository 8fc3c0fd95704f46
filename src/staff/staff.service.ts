import { hashPassword } from '../auth/passwords.ts';
import { isRole, type Role } from '../auth/roles.ts';
import { revokeUserSessions } from '../auth/sessions.queries.ts';
import type { StaffUser } from '../auth/staff-user.ts';
import {
  deleteUserUnlessLastAdmin,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsersByRoles,
  lockActiveAdmins,
  type UserPatch,
  updateUser,
  updateUserUnlessLastAdmin,
} from '../auth/users.queries.ts';
import type { Db } from '../db/database.ts';
import { isForeignKeyViolation, isUniqueViolation, writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { setAgentLimits } from '../routing/agents.service.ts';
import type { RoutingDeps } from '../routing/routing.service.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { countOpenChatsByAssignee } from './staff.queries.ts';
import { type Actor, type AgentOverview, mayManage } from './staff.ts';

/**
 * Agents and staff management (ADMIN-3, ADMIN-4). Two rules live here and nowhere else:
 * a manager never acts on an admin nor makes one, and the last active admin cannot be demoted,
 * disabled or deleted (`withAdminGuard` + the re-counting conditional write in users.queries.ts).
 */
export type StaffError =
  | 'user.not_found'
  | 'user.forbidden'
  | 'user.last_admin'
  | 'user.email_taken'
  | 'user.has_history'
  | 'user.not_an_agent';

type StaffDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'publisher'>;

async function loadManageable(deps: StaffDeps, actor: Actor, id: string) {
  const target = await findUserById(deps.db, id);
  // Only people are managed here: a system row (the AI agent) is not a staff account.
  if (!target || !isRole(target.role)) return fail('user.not_found' as const);
  if (!mayManage(actor, target.role)) return fail('user.forbidden' as const);
  return ok(target);
}

export interface NewStaffInput {
  email: string;
  displayName: string;
  password: string;
  role: Role;
  liveChatEnabled?: boolean;
  crmEnabled?: boolean;
  activeLimit?: number;
  offlineLimit?: number;
}

export async function createStaff(
  deps: StaffDeps,
  actor: Actor,
  input: NewStaffInput,
): Promise<Result<StaffUser, StaffError>> {
  if (!mayManage(actor, input.role)) return fail('user.forbidden');
  if (await findUserByEmail(deps.db, input.email)) return fail('user.email_taken');
  const id = deps.ids.next();
  try {
    await insertUser(deps.db, {
      ...input,
      id,
      passwordHash: await hashPassword(input.password),
      now: toIso(deps.clock.now()),
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail('user.email_taken');
    throw error;
  }
  const created = await findUserById(deps.db, id);
  return created ? ok(created) : fail('user.not_found');
}

export interface AgentSettings {
  displayName: string;
  activeLimit: number;
  offlineLimit: number;
  liveChatEnabled: boolean;
  crmEnabled: boolean;
}

/** Name, limits and the independent Live Chat / CRM permissions of an agent (ADMIN-3, AGENT-6). */
export async function updateAgent(
  deps: RoutingDeps,
  actor: Actor,
  id: string,
  settings: AgentSettings,
): Promise<Result<StaffUser, StaffError>> {
  const target = await loadManageable(deps, actor, id);
  if (!target.ok) return target;
  if (target.value.role !== 'agent') return fail('user.not_an_agent');
  const { activeLimit, offlineLimit, ...profile } = settings;
  await updateUser(deps.db, id, profile, toIso(deps.clock.now()));
  // Limits go through routing: a raised limit (or Live Chat switched on) drains the queue at once.
  const limits = await setAgentLimits(deps, { userId: id, activeLimit, offlineLimit });
  if (!limits.ok) return fail('user.not_found');
  return ok({ ...target.value, ...settings });
}

export interface StaffMemberChange {
  displayName: string;
  email: string;
  role: Role;
  isActive: boolean;
}

/**
 * Edits a staff member, including demotion and disabling. Changes that could remove an admin run
 * under the admin guard; disabling also ends the person's sessions.
 */
export async function updateStaffMember(
  deps: StaffDeps,
  actor: Actor,
  id: string,
  change: StaffMemberChange,
): Promise<Result<StaffUser, StaffError>> {
  const target = await loadManageable(deps, actor, id);
  if (!target.ok) return target;
  if (!mayManage(actor, change.role)) return fail('user.forbidden');
  const other = await findUserByEmail(deps.db, change.email);
  if (other && other.id !== id) return fail('user.email_taken');
  const now = toIso(deps.clock.now());
  const removesAdmin = target.value.role === 'admin' && (change.role !== 'admin' || !change.isActive);
  const patch: UserPatch = change;
  const changed = removesAdmin
    ? await withAdminGuard(deps.db, (trx) => updateUserUnlessLastAdmin(trx, id, patch, now))
    : await updateUser(deps.db, id, patch, now);
  if (!changed) return fail('user.last_admin');
  if (!change.isActive) await revokeUserSessions(deps.db, id, now);
  return ok({ ...target.value, ...change });
}

export async function deleteStaffMember(
  deps: StaffDeps,
  actor: Actor,
  id: string,
): Promise<Result<StaffUser, StaffError>> {
  const target = await loadManageable(deps, actor, id);
  if (!target.ok) return target;
  try {
    const deleted = await withAdminGuard(deps.db, (trx) => deleteUserUnlessLastAdmin(trx, id));
    if (!deleted) return fail('user.last_admin');
    // Their sessions went with them by cascade, so no revocation will show: tell every instance.
    deps.publisher.publish({ type: 'staff.removed', userId: id });
    return ok(target.value);
  } catch (error) {
    // Chats, messages and notes keep pointing at their author: such people are disabled instead.
    if (isForeignKeyViolation(error)) return fail('user.has_history');
    throw error;
  }
}

/** Ends every session of the person now; their sockets close when realtime reads the revocation. */
export async function forceLogout(
  deps: StaffDeps,
  actor: Actor,
  id: string,
): Promise<Result<number, StaffError>> {
  const target = await loadManageable(deps, actor, id);
  if (!target.ok) return target;
  return ok(await revokeUserSessions(deps.db, id, toIso(deps.clock.now())));
}

/** Sets a new password chosen by the admin/manager and signs the person out everywhere. */
export async function resetPassword(
  deps: StaffDeps,
  actor: Actor,
  id: string,
  password: string,
): Promise<Result<StaffUser, StaffError>> {
  const target = await loadManageable(deps, actor, id);
  if (!target.ok) return target;
  const now = toIso(deps.clock.now());
  await updateUser(deps.db, id, { passwordHash: await hashPassword(password) }, now);
  await revokeUserSessions(deps.db, id, now);
  return ok(target.value);
}

/**
 * Runs a change that may remove an admin inside a transaction that first row-locks every active
 * admin. A conditional UPDATE alone is not enough under READ COMMITTED: two admins demoting each
 * other would each still see the other as active (write skew). With the lock the second waits, then
 * its re-count sees the first change committed and refuses.
 */
async function withAdminGuard<T>(db: Db, change: (trx: Db) => Promise<T>): Promise<T> {
  return writeTransaction(db, async (trx) => {
    await lockActiveAdmins(trx);
    return change(trx);
  });
}

/** Agents with live presence and current load (ADMIN-1, ADMIN-3). */
export async function listAgents(deps: Pick<Deps, 'db' | 'presence'>): Promise<AgentOverview[]> {
  const [agents, loads, online] = await Promise.all([
    listUsersByRoles(deps.db, ['agent']),
    countOpenChatsByAssignee(deps.db),
    deps.presence.onlineStaff(),
  ]);
  const onlineIds = new Set(online);
  return agents.map((agent) => ({
    agent,
    online: onlineIds.has(agent.id),
    load: loads.get(agent.id) ?? { active: 0, offline: 0 },
  }));
}

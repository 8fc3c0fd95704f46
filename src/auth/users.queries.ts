import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Database, Db, UsersTable } from '../db/database.ts';
import { flag, isSet } from '../db/dialect.ts';
import { ROLES, type Role } from './roles.ts';
import type { StaffUser } from './staff-user.ts';

export type UserRow = Selectable<UsersTable>;

export function userRowToUser(row: UserRow): StaffUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as Role,
    isActive: isSet(row.is_active),
    liveChatEnabled: isSet(row.live_chat_enabled),
    crmEnabled: isSet(row.crm_enabled),
    activeLimit: row.active_limit,
    offlineLimit: row.offline_limit,
    onBreak: isSet(row.on_break),
    lastAssignedAt: row.last_assigned_at,
    lastActivityAt: row.last_activity_at,
  };
}

export interface NewUser {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  liveChatEnabled?: boolean;
  crmEnabled?: boolean;
  activeLimit?: number;
  offlineLimit?: number;
  now: string;
}

export async function insertUser(db: Db, user: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email.toLowerCase(),
      display_name: user.displayName,
      password_hash: user.passwordHash,
      role: user.role,
      live_chat_enabled: user.liveChatEnabled === false ? 0 : 1,
      crm_enabled: user.crmEnabled ? 1 : 0,
      active_limit: user.activeLimit ?? 5,
      offline_limit: user.offlineLimit ?? 10,
      created_at: user.now,
      updated_at: user.now,
    })
    .execute();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<StaffUser | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? userRowToUser(row) : undefined;
}

/** Staff accounts (people who can sign in); system rows such as the AI agent's are not counted. */
export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('role', 'in', [...ROLES])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Staff of the given roles, by name: the Agents and Staff consoles are small lists (no paging). */
export async function listUsersByRoles(db: Db, roles: readonly Role[]): Promise<StaffUser[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('role', 'in', [...roles])
    .orderBy('display_name')
    .orderBy('id')
    .execute();
  return rows.map(userRowToUser);
}

export interface UserPatch {
  email?: string;
  displayName?: string;
  role?: Role;
  isActive?: boolean;
  liveChatEnabled?: boolean;
  crmEnabled?: boolean;
  activeLimit?: number;
  offlineLimit?: number;
  passwordHash?: string;
}

function patchToColumns(patch: UserPatch, now: string) {
  return {
    ...(patch.email !== undefined ? { email: patch.email.toLowerCase() } : {}),
    ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
    ...(patch.role !== undefined ? { role: patch.role } : {}),
    ...(patch.isActive !== undefined ? { is_active: flag(patch.isActive) } : {}),
    ...(patch.liveChatEnabled !== undefined ? { live_chat_enabled: flag(patch.liveChatEnabled) } : {}),
    ...(patch.crmEnabled !== undefined ? { crm_enabled: flag(patch.crmEnabled) } : {}),
    ...(patch.activeLimit !== undefined ? { active_limit: patch.activeLimit } : {}),
    ...(patch.offlineLimit !== undefined ? { offline_limit: patch.offlineLimit } : {}),
    ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
    updated_at: now,
  };
}

/** A change that keeps the user's admin standing (profile, limits, password); true when a row changed. */
export async function updateUser(db: Db, id: string, patch: UserPatch, now: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set(patchToColumns(patch, now))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Row-locks every active admin until the transaction ends, so two changes that could each remove
 * an admin run one after the other (see staff.service.ts `withAdminGuard`).
 */
export async function lockActiveAdmins(db: Db): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('role', '=', 'admin')
    .where('is_active', '=', 1)
    .execute();
}

/** The row is not an active admin, or another active admin remains (re-counted in the statement). */
function notLastActiveAdmin(id: string) {
  return (eb: ExpressionBuilder<Database, 'users'>) =>
    eb.or([
      eb('role', '<>', 'admin'),
      eb('is_active', '<>', 1),
      eb(
        eb
          .selectFrom('users as others')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .where('others.role', '=', 'admin')
          .where('others.is_active', '=', 1)
          .where('others.id', '<>', id),
        '>',
        0,
      ),
    ]);
}

/** Demote / disable: updates only when the row would not be the last active admin. */
export async function updateUserUnlessLastAdmin(
  db: Db,
  id: string,
  patch: UserPatch,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set(patchToColumns(patch, now))
    .where('id', '=', id)
    .where(notLastActiveAdmin(id))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteUserUnlessLastAdmin(db: Db, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('users')
    .where('id', '=', id)
    .where(notLastActiveAdmin(id))
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

import type { Selectable } from 'kysely';
import type { Role } from '../auth/roles.ts';
import type { Db, UsersTable } from '../db/database.ts';
import { isSet } from '../db/dialect.ts';

export type UserRow = Selectable<UsersTable>;

export interface StaffUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  isActive: boolean;
  liveChatEnabled: boolean;
  crmEnabled: boolean;
  activeLimit: number;
  offlineLimit: number;
  onBreak: boolean;
  lastAssignedAt: string | null;
  lastActivityAt: string | null;
}

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

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

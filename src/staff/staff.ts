import type { Role } from '../auth/roles.ts';
import type { StaffUser } from '../auth/staff-user.ts';

/** Open chats of one agent (the load column of the Agents list). */
export interface AgentLoad {
  active: number;
  offline: number;
}

/** An agent with live presence and current load (ADMIN-1, ADMIN-3). */
export interface AgentOverview {
  agent: StaffUser;
  online: boolean;
  load: AgentLoad;
}

/** Who acts in the Agents and Staff consoles. */
export type Actor = Pick<StaffUser, 'id' | 'role'>;

/** Managers manage everyone but admins (ADMIN-7 'not_admins'); admins manage everyone. */
export const mayManage = (actor: Actor, targetRole: Role): boolean =>
  actor.role === 'admin' || (actor.role === 'manager' && targetRole !== 'admin');

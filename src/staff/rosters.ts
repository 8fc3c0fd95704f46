import { isRole, type Role } from '../auth/roles.ts';
import type { StaffUser } from '../auth/staff-user.ts';

/**
 * The two people sections of the admin and manager consoles (ADMIN-3 Agents, ADMIN-4 Staff):
 * one form, one set of account actions and one handler set (staff.routes.tsx), parameterised by
 * the section. Agents have chat limits and Live Chat / CRM access; staff have a role and may be
 * disabled or deleted.
 */
export type RosterKind = 'agents' | 'staff';

export interface Roster {
  kind: RosterKind;
  /** Prefix of the form's element ids (`agent-display-name`, `staff-role`). */
  idPrefix: 'agent' | 'staff';
  title: string;
  noun: string;
  /** Whether a person belongs to this section's pages. */
  lists(person: Pick<StaffUser, 'role'>): boolean;
  /** Accounts here may be deleted (agents are disabled instead: their chats keep their name). */
  deletable: boolean;
}

/** Admins, managers and quality reviewers: the Staff section lists them; agents have their own. */
export const STAFF_ROLES = ['admin', 'manager', 'qa'] as const satisfies readonly Role[];

export const rosters = {
  agents: {
    kind: 'agents',
    idPrefix: 'agent',
    title: 'Agents',
    noun: 'agent',
    lists: (person) => person.role === 'agent',
    deletable: false,
  },
  staff: {
    kind: 'staff',
    idPrefix: 'staff',
    title: 'Staff',
    noun: 'staff member',
    // The Staff form may also turn someone into an agent: their page stays reachable here.
    // System rows (the AI agent, role 'ai') are nobody's account.
    lists: (person) => isRole(person.role),
    deletable: true,
  },
} as const satisfies Record<RosterKind, Roster>;

/** `/admin/agents/<id>`: where one person's pages live in a console. */
export const personPath = (base: string, roster: Roster, id?: string): string =>
  id ? `${base}/${roster.kind}/${id}` : `${base}/${roster.kind}`;

import type { Role } from './roles.ts';

/** A staff member (admin, manager, agent, QA) as every module and view sees them. */
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

/** `GET` → `{ signedIn: boolean }` for the browser's own session: consoles ask when their socket drops. */
export const SESSION_STATUS_PATH = '/api/session';

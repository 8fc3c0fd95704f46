export const ROLES = ['admin', 'manager', 'agent', 'qa'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Where each role lands after signing in. */
export const homePath: Record<Role, string> = {
  admin: '/admin',
  manager: '/manager',
  agent: '/agent',
  qa: '/qa',
};

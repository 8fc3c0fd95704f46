import type { Role } from './roles.ts';

/**
 * The permission matrix of SPEC ADMIN-7 as data, and the capability each staff route needs.
 * The `authorize` middleware and the WebSocket topic checks read only this file; a staff route
 * missing from `routePolicy` is refused (fail closed) and fails tests/http/permissions.test.ts.
 */
export type Scope = 'all' | 'own' | 'read' | 'not_admins';

export const capabilities = {
  'console.admin': { admin: 'all' },
  'console.manager': { manager: 'all' },
  'console.agent': { agent: 'all' },
  'console.qa': { qa: 'all' },
  'session.own': { admin: 'all', manager: 'all', agent: 'all', qa: 'all' },
  'chats.view': { admin: 'all', manager: 'all', agent: 'own', qa: 'read' },
  'chats.reply': { admin: 'all', manager: 'all', agent: 'own' },
  'chats.assign': { admin: 'all', manager: 'all', agent: 'own' },
  'chats.close': { admin: 'all', manager: 'all', agent: 'own' },
  'leads.stage': { admin: 'all', manager: 'all', agent: 'own' },
  'visitors.block': { admin: 'all', manager: 'all' },
  'chats.pdf': { admin: 'all', manager: 'all' },
  'agents.manage': { admin: 'all', manager: 'all' },
  'staff.manage': { admin: 'all', manager: 'not_admins' },
  'config.manage': { admin: 'all' },
  'qa.score': { qa: 'all' },
} as const satisfies Record<string, Partial<Record<Role, Scope>>>;

export type Capability = keyof typeof capabilities;

export function scopeOf(role: Role, capability: Capability): Scope | undefined {
  const grants: Partial<Record<Role, Scope>> = capabilities[capability];
  return grants[role];
}

export const can = (role: Role, capability: Capability): boolean => scopeOf(role, capability) !== undefined;

/** Paths under these prefixes are staff routes: each must appear in `routePolicy`. */
export const STAFF_PREFIXES = ['/admin', '/manager', '/agent', '/qa', '/api/agent', '/api/staff', '/logout'];

export const isStaffPath = (path: string): boolean =>
  STAFF_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** `METHOD routePath` (as registered in Hono) → the capability it needs. */
export const routePolicy: Record<string, Capability> = {
  'POST /logout': 'session.own',
  'GET /admin': 'console.admin',
  'GET /manager': 'console.manager',
  'GET /agent': 'console.agent',
  'GET /api/staff/attachments/:attachmentId': 'chats.view',
  'GET /qa': 'console.qa',
  // Agent console (AGENT-*): the agent's own data; Live Chat / CRM permissions checked per router.
  'GET /agent/canned-replies': 'console.agent',
  'POST /agent/canned-replies': 'console.agent',
  'POST /agent/canned-replies/:id': 'console.agent',
  'DELETE /agent/canned-replies/:id': 'console.agent',
  'GET /agent/leads': 'console.agent',
  'GET /agent/buckets': 'console.agent',
  'GET /agent/buckets/nav': 'console.agent',
  'GET /agent/conversations/:id': 'console.agent',
  'GET /agent/conversations/:id/messages': 'console.agent',
  'POST /agent/conversations/:id/star': 'console.agent',
  'POST /agent/conversations/:id/stage': 'console.agent',
  'POST /agent/conversations/:id/transfer': 'console.agent',
  'POST /agent/conversations/:id/close': 'console.agent',
  'POST /agent/conversations/:id/pick-up': 'console.agent',
  'POST /api/agent/heartbeat': 'session.own',
  'POST /api/agent/break': 'console.agent',
};

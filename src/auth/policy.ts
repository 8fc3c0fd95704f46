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
  // The all-chats table and dashboard of the admin/manager consoles (agents and QA have their own).
  'chats.oversee': { admin: 'all', manager: 'all' },
  'chats.reply': { admin: 'all', manager: 'all', agent: 'own' },
  'chats.assign': { admin: 'all', manager: 'all', agent: 'own' },
  'chats.close': { admin: 'all', manager: 'all', agent: 'own' },
  'leads.stage': { admin: 'all', manager: 'all', agent: 'own' },
  // The lead inbox (CRM-1..4): agents their own leads and unassigned ones, with CRM Leads on
  // (AGENT-6); QA reads every lead and writes nothing. `crm.oversee`: the consoles' shared pages.
  'crm.view': { admin: 'all', manager: 'all', agent: 'own', qa: 'read' },
  'crm.oversee': { admin: 'all', manager: 'all' },
  'crm.work': { admin: 'all', manager: 'all', agent: 'own' },
  'crm.assign': { admin: 'all', manager: 'all', agent: 'own' },
  'visitors.block': { admin: 'all', manager: 'all' },
  'chats.pdf': { admin: 'all', manager: 'all' },
  // Reports (REP-1): QA reads them too; CSV exports are the admin's and manager's (REP-2, ADMIN-7).
  'reports.view': { admin: 'all', manager: 'all', qa: 'read' },
  'reports.export': { admin: 'all', manager: 'all' },
  'agents.manage': { admin: 'all', manager: 'all' },
  'staff.manage': { admin: 'all', manager: 'not_admins' },
  'config.manage': { admin: 'all' },
  'qa.score': { qa: 'all' },
  // The quality report (QA-3, BEYOND-5): scores and ratings per agent, project and the AI.
  'qa.report': { admin: 'all', manager: 'all', qa: 'read' },
} as const satisfies Record<string, Partial<Record<Role, Scope>>>;

export type Capability = keyof typeof capabilities;

export function scopeOf(role: Role, capability: Capability): Scope | undefined {
  const grants: Partial<Record<Role, Scope>> = capabilities[capability];
  return grants[role];
}

export const can = (role: Role, capability: Capability): boolean => scopeOf(role, capability) !== undefined;

/** Paths under these prefixes are staff routes: each must appear in `routePolicy`. */
export const STAFF_PREFIXES = [
  '/admin',
  '/manager',
  '/agent',
  '/qa',
  '/crm',
  '/api/agent',
  '/api/staff',
  '/logout',
];

export const isStaffPath = (path: string): boolean =>
  STAFF_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** The admin and manager consoles share their pages (ADMIN-7), under both of these bases. */
export const SHARED_CONSOLES = ['/admin', '/manager'] as const;

/** One entry per shared route under both consoles. */
const underBothConsoles = (entries: Record<string, Capability>): Record<string, Capability> =>
  Object.fromEntries(
    Object.entries(entries).flatMap(([route, capability]) => {
      const [method, path] = route.split(' ');
      return SHARED_CONSOLES.map((base) => [`${method} ${base}${path}`, capability]);
    }),
  );

/** `METHOD routePath` (as registered in Hono) → the capability it needs. */
export const routePolicy: Record<string, Capability> = {
  'POST /logout': 'session.own',
  'GET /admin': 'console.admin',
  'GET /manager': 'console.manager',
  'GET /agent': 'console.agent',
  'GET /api/staff/attachments/:attachmentId': 'chats.view',
  // QA console (QA-1, QA-2): every chat, read-only.
  'GET /qa': 'console.qa',
  // QA reads leads (CRM, ADMIN-7 "read-only"): no write route exists under /qa.
  'GET /qa/leads': 'console.qa',
  'GET /qa/leads.csv': 'console.qa',
  'GET /qa/leads/:id': 'console.qa',
  'GET /qa/leads/board': 'console.qa',
  'GET /qa/leads/board/more': 'console.qa',
  'GET /qa/chats/:id': 'console.qa',
  'GET /qa/chats/:id/messages': 'console.qa',
  'GET /qa/queue': 'console.qa',
  // Scorecards (QA-3): QA writes its own scorecard (never the chat); admins edit the rubric; an
  // agent reads their own scores.
  'POST /qa/chats/:id/score': 'qa.score',
  'GET /admin/qa-rubric': 'config.manage',
  'POST /admin/qa-rubric': 'config.manage',
  'GET /agent/scores': 'console.agent',
  'GET /qa/report': 'qa.report',
  'GET /qa/report.csv': 'qa.report',
  ...underBothConsoles({
    // The dashboard's live region (ADMIN-1): the queue, presence and status counts.
    'GET /dashboard/live': 'chats.oversee',
    'GET /chats': 'chats.oversee',
    // Console actions on any chat need the all-chats capability; agents act on their own chats
    // from /agent routes (chats.assign / chats.close with scope 'own').
    'GET /chats/:id': 'chats.oversee',
    'POST /chats/:id/assign': 'chats.oversee',
    'POST /chats/:id/close': 'chats.oversee',
    'POST /chats/:id/stage': 'chats.oversee',
    'GET /chats/:id/history': 'chats.oversee',
    'POST /chats/:id/reply': 'chats.oversee',
    'POST /chats/:id/block': 'visitors.block',
    'POST /chats/:id/unblock': 'visitors.block',
    'GET /agents': 'agents.manage',
    'GET /agents/new': 'agents.manage',
    'POST /agents': 'agents.manage',
    'GET /agents/:id': 'agents.manage',
    'POST /agents/:id': 'agents.manage',
    'POST /agents/:id/logout': 'agents.manage',
    'POST /agents/:id/password': 'agents.manage',
    'GET /staff': 'staff.manage',
    'GET /staff/new': 'staff.manage',
    'POST /staff': 'staff.manage',
    'GET /staff/:id': 'staff.manage',
    'POST /staff/:id': 'staff.manage',
    'POST /staff/:id/logout': 'staff.manage',
    'POST /staff/:id/password': 'staff.manage',
    'POST /staff/:id/delete': 'staff.manage',
    // The lead inbox and lead detail (CRM-1..4); the service narrows agents to their own leads.
    'GET /leads': 'crm.oversee',
    'GET /leads.csv': 'crm.oversee',
    'GET /leads/:id': 'crm.oversee',
    'POST /leads/:id/notes': 'crm.oversee',
    'POST /leads/:id/follow-up': 'crm.oversee',
    'POST /leads/:id/assign': 'crm.oversee',
    'POST /leads/:id/stage': 'crm.oversee',
    // CSV upload (CRM-5): upload, preview + mapping, import, per-row report.
    'GET /leads/import': 'crm.oversee',
    'POST /leads/import': 'crm.oversee',
    'GET /leads/import/:id': 'crm.oversee',
    'POST /leads/import/:id': 'crm.oversee',
    'GET /leads/import/:id/report.csv': 'crm.oversee',
    // The pipeline board (BEYOND-8): the inbox's filter by stage; a move is a stage change.
    'GET /leads/board': 'crm.oversee',
    'GET /leads/board/more': 'crm.oversee',
    'POST /leads/:id/board-stage': 'crm.oversee',
    // Blocked addresses (SEC-3): the list, a manual block by address, unblock.
    'GET /blocks': 'visitors.block',
    'POST /blocks': 'visitors.block',
    'POST /blocks/:id/unblock': 'visitors.block',
    // Reports (REP-1..3, issue 18): pages, their CSV exports, a chat's PDF transcript.
    'GET /reports': 'reports.view',
    'GET /reports/chat-data': 'reports.view',
    'GET /reports/user-data': 'reports.view',
    'GET /reports/user-analysis': 'reports.view',
    'GET /reports/crm-analytics': 'reports.view',
    'GET /reports/crm-analytics/export': 'reports.export',
    'GET /reports/chat-data/export': 'reports.export',
    'GET /reports/user-data/export': 'reports.export',
    'GET /reports/user-analysis/export': 'reports.export',
    'GET /reports/chats/:id/transcript.pdf': 'chats.pdf',
  }),
  // The QA console reads the same reports, without exports or transcripts.
  'GET /qa/reports': 'reports.view',
  'GET /qa/reports/chat-data': 'reports.view',
  'GET /qa/reports/user-data': 'reports.view',
  'GET /qa/reports/user-analysis': 'reports.view',
  'GET /qa/reports/crm-analytics': 'reports.view',
  // The agent console's row reports: the agent's own chats only (the route forces the filter).
  'GET /agent/reports': 'console.agent',
  'GET /agent/reports/chat-data': 'console.agent',
  'GET /agent/reports/user-data': 'console.agent',
  'GET /agent/reports/user-analysis': 'console.agent',
  // Google Sheets lead sources (CRM-6): the key and the sheet are configuration.
  'GET /admin/lead-sources': 'config.manage',
  'POST /admin/lead-sources': 'config.manage',
  'GET /admin/lead-sources/:id': 'config.manage',
  'POST /admin/lead-sources/:id': 'config.manage',
  'POST /admin/lead-sources/:id/enabled': 'config.manage',
  'GET /admin/projects': 'config.manage',
  'GET /admin/projects/new': 'config.manage',
  'POST /admin/projects': 'config.manage',
  'GET /admin/projects/:id': 'config.manage',
  'POST /admin/projects/:id': 'config.manage',
  'POST /admin/projects/:id/clone': 'config.manage',
  'POST /admin/projects/:id/icon': 'config.manage',
  'POST /admin/projects/:id/icon/remove': 'config.manage',
  'POST /admin/projects/:id/default': 'config.manage',
  'POST /admin/projects/:id/widget': 'config.manage',
  // Web-form leads' stage and owner (docs/decisions/0046).
  'GET /admin/projects/:id/web-leads': 'config.manage',
  'POST /admin/projects/:id/web-leads': 'config.manage',
  'GET /admin/projects/:id/tracking': 'config.manage',
  'POST /admin/projects/:id/tracking': 'config.manage',
  'POST /admin/projects/:id/tracking/test': 'config.manage',
  'POST /admin/projects/:id/tracking/events/:eventId/retry': 'config.manage',
  'GET /admin/projects/:id/ad-link/qr.png': 'config.manage',
  'GET /admin/projects/:id/ad-link/qr.svg': 'config.manage',
  'GET /admin/settings': 'config.manage',
  'POST /admin/settings': 'config.manage',
  'GET /admin/tags': 'config.manage',
  'POST /admin/tags': 'config.manage',
  // AI fallback agent settings (ADMIN-5, issue 17).
  'GET /admin/ai': 'config.manage',
  'POST /admin/ai': 'config.manage',
  'POST /admin/ai/key': 'config.manage',
  'POST /admin/ai/key/remove': 'config.manage',
  'POST /admin/ai/test': 'config.manage',
  'GET /admin/ai/errors': 'config.manage',
  // Agent console (AGENT-*): the agent's own data; Live Chat / CRM permissions checked per router.
  'GET /agent/canned-replies': 'console.agent',
  'POST /agent/canned-replies': 'console.agent',
  'POST /agent/canned-replies/:id': 'console.agent',
  'DELETE /agent/canned-replies/:id': 'console.agent',
  'GET /crm': 'session.own',
  // The agent's lead inbox (CRM Leads permission checked by the router, AGENT-6).
  'GET /agent/leads': 'console.agent',
  'GET /agent/leads.csv': 'console.agent',
  'GET /agent/leads/:id': 'console.agent',
  'POST /agent/leads/:id/notes': 'console.agent',
  'POST /agent/leads/:id/follow-up': 'console.agent',
  'POST /agent/leads/:id/assign': 'console.agent',
  'POST /agent/leads/:id/stage': 'console.agent',
  'GET /agent/leads/board': 'console.agent',
  'GET /agent/leads/board/more': 'console.agent',
  'POST /agent/leads/:id/board-stage': 'console.agent',
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

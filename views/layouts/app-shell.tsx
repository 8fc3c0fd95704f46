import type { Child } from 'hono/jsx';
import type { Role } from '../../src/auth/roles.ts';
import { Document } from './document.tsx';

export interface ShellUser {
  displayName: string;
  email: string;
  role: Role;
}

export interface NavItem {
  href: string;
  label: string;
}

const roleLabel: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  agent: 'Agent',
  qa: 'Quality',
};

/**
 * Admin and manager share pages (ADMIN-7); projects, tags and settings are the admin's alone. A new
 * console page is one line here: the wide rail and the phone menu both list every entry.
 */
export const consoleNav: Record<Role, NavItem[]> = {
  admin: [
    { href: '/admin', label: 'Dashboard' },
    { href: '/admin/chats', label: 'Chats' },
    { href: '/admin/leads', label: 'Leads' },
    { href: '/admin/agents', label: 'Agents' },
    { href: '/admin/staff', label: 'Staff' },
    { href: '/admin/projects', label: 'Projects' },
    { href: '/admin/tags', label: 'Marketing tags' },
    { href: '/admin/settings', label: 'Settings' },
    { href: '/admin/ai', label: 'AI agent' },
    { href: '/admin/blocks', label: 'Blocked addresses' },
  ],
  manager: [
    { href: '/manager', label: 'Dashboard' },
    { href: '/manager/chats', label: 'Chats' },
    { href: '/manager/leads', label: 'Leads' },
    { href: '/manager/agents', label: 'Agents' },
    { href: '/manager/staff', label: 'Staff' },
    { href: '/manager/blocks', label: 'Blocked addresses' },
  ],
  agent: [{ href: '/agent', label: 'Inbox' }],
  qa: [
    { href: '/qa', label: 'Live review' },
    { href: '/qa/leads', label: 'Leads' },
  ],
};

export interface AgentPermissions {
  liveChat: boolean;
  crm: boolean;
}

/** AGENT-6: a tab exists only for a permission the agent has (the routes refuse the rest). */
export function agentNav(permissions: AgentPermissions): NavItem[] {
  return [
    ...(permissions.liveChat ? [{ href: '/agent', label: 'Inbox' }] : []),
    ...(permissions.crm ? [{ href: '/agent/leads', label: 'Leads' }] : []),
  ];
}

export interface AppShellProps {
  title: string;
  user: ShellUser;
  currentPath: string;
  children?: Child;
  /** Replaces the role's navigation (e.g. agent tabs hidden by a missing permission, AGENT-6). */
  nav?: NavItem[];
  /** The whole document title, when a console needs an exact one ("Agent Console", AGENT-5). */
  documentTitle?: string;
  /** Controls shown in the header before the signed-in person (e.g. the break toggle). */
  headerTools?: Child;
  mainClass?: string;
  scripts?: string[];
  modules?: string[];
  styles?: string[];
  manifest?: string;
}

/** The nav item for a path: exact for the landing page, by prefix for sections with sub-pages. */
const isCurrent = (href: string, currentPath: string, landing: string | undefined) =>
  href === landing ? currentPath === href : currentPath === href || currentPath.startsWith(`${href}/`);

/** Consoles with many pages get a navigation rail on wide screens; the others a top bar. */
const railRoles: readonly Role[] = ['admin', 'manager'];

/** The DOM id of the console menu (the phone menu's popover). */
export const CONSOLE_MENU_ID = 'console-menu';

/** The admin and manager consoles' own stylesheets (tables, editors, chats, dashboard). */
const consoleStyles: Partial<Record<Role, string[]>> = {
  admin: ['/static/css/console.css', '/static/css/console-chats.css'],
  manager: ['/static/css/console.css', '/static/css/console-chats.css'],
};

/**
 * The staff console frame: the navigation, the signed-in person, and the page. The navigation is
 * a rail beside the page on wide screens (admin, manager) or a bar above it (agent, QA); below
 * 1024 px it folds into a Menu button that opens every entry as a list (a native popover: no
 * script, light dismiss, Escape closes, the button reports expanded/collapsed).
 */
export function AppShell(props: AppShellProps) {
  const { title, user, currentPath, children, headerTools, scripts, modules, styles = [], manifest } = props;
  const nav = props.nav ?? consoleNav[user.role];
  return (
    <Document
      title={props.documentTitle ?? `${title} · ${roleLabel[user.role]} Console`}
      bodyClass="console"
      // Every staff page pushes conversion events to the dataLayer (TRACK-2, client/staff/data-layer.ts).
      scripts={['/static/js/data-layer.js', ...(scripts ?? [])]}
      modules={modules}
      styles={[...(consoleStyles[user.role] ?? []), ...styles]}
      manifest={manifest}
    >
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <div class={railRoles.includes(user.role) ? 'shell shell-rail' : 'shell'}>
        <header class="shell-header">
          <a class="brand" href={nav[0]?.href ?? '/'}>
            <span class="brand-mark" aria-hidden="true">
              ●
            </span>
            <span>{roleLabel[user.role]} Console</span>
          </a>
          {headerTools}
          <button type="button" class="menu-button" popovertarget={CONSOLE_MENU_ID}>
            <span class="menu-icon" aria-hidden="true" />
            Menu
          </button>
          <div id={CONSOLE_MENU_ID} class="shell-menu popover-inline" popover="auto">
            <nav aria-label="Console" class="shell-nav">
              <ul>
                {nav.map((item) => (
                  <li>
                    <a
                      href={item.href}
                      aria-current={isCurrent(item.href, currentPath, nav[0]?.href) ? 'page' : undefined}
                    >
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <div class="shell-user">
              <span class="shell-user-name">{user.displayName}</span>
              <form method="post" action="/logout">
                <button type="submit" class="button button-quiet">
                  Sign out
                </button>
              </form>
            </div>
          </div>
        </header>
        <main id="main" class={props.mainClass ?? 'shell-main'} tabindex={-1}>
          {children}
        </main>
      </div>
    </Document>
  );
}

import type { Child } from 'hono/jsx';
import type { BucketTab, FollowUp } from '../../src/agent/agent-console.ts';
import { type AgentPermissions, AppShell, agentNav, type ShellUser } from '../layouts/app-shell.tsx';
import { BreakToggle } from '../routing/break-toggle.tsx';
import { agentIds, WORKSPACE_VIEWS } from './agent-dom-ids.ts';
import { BucketList, type BucketListProps, BucketNav, BucketSearch } from './buckets.tsx';
import { FollowUpsToday } from './follow-ups.tsx';

export { type AgentPermissions, agentNav } from '../layouts/app-shell.tsx';

export const AGENT_SCRIPTS = [
  '/static/agent/storage-pruner.js',
  '/static/agent/console.js',
  '/static/agent/canned-picker.js',
];

export interface AgentFrameProps {
  user: ShellUser & { id: string };
  permissions: AgentPermissions;
  currentPath: string;
  heading: string;
  children?: Child;
  modules?: string[];
  headerExtra?: Child;
}

/**
 * Every agent page: the exact "Agent Console" title (console.js prefixes the unread count),
 * the installable manifest, and the scripts that ring, notify, badge and prune storage.
 */
export function AgentFrame(props: AgentFrameProps) {
  const { user, permissions, currentPath, heading, children } = props;
  return (
    <AppShell
      title={heading}
      documentTitle="Agent Console"
      user={user}
      currentPath={currentPath}
      nav={agentNav(permissions)}
      mainClass="shell-main agent-main"
      scripts={AGENT_SCRIPTS}
      modules={props.modules}
      styles={['/static/css/agent.css', '/static/css/agent-chat.css', '/static/css/agent-canned.css']}
      manifest="/static/agent/manifest.webmanifest"
      headerTools={<AgentHeaderTools>{props.headerExtra}</AgentHeaderTools>}
    >
      <div class="agent-app" x-data="agentConsole" data-user-id={user.id}>
        {children}
      </div>
    </AppShell>
  );
}

function AgentHeaderTools({ children }: { children?: Child }) {
  return (
    <div class="agent-tools" x-data="agentAlerts">
      {children}
      <button
        type="button"
        class="button button-quiet button-small"
        x-show="canAsk"
        x-on:click="enable"
        data-testid="enable-notifications"
      >
        <svg class="agent-tools-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        <span class="agent-tools-label">Enable notifications</span>
      </button>
    </div>
  );
}

export interface AgentConsolePageProps {
  user: ShellUser & { id: string };
  permissions: AgentPermissions;
  followUps: { today: string; items: FollowUp[] };
  onBreak: boolean;
  tabs: BucketTab[];
  list: BucketListProps;
  /** A chat opened by URL (?chat=, e.g. from a notification click) instead of the dashboard. */
  pane?: Child;
}

/** The agent's Inbox: buckets on the left, the open chat (or the day's dashboard) on the right. */
export function AgentConsolePage(props: AgentConsolePageProps) {
  const { user, permissions, followUps, tabs, list } = props;
  return (
    <AgentFrame
      user={user}
      permissions={permissions}
      currentPath="/agent"
      heading="Inbox"
      modules={['/static/agent/chat.js']}
      headerExtra={<BreakToggle onBreak={props.onBreak} />}
    >
      <ConnectionBanner />
      <div
        id={agentIds.workspace}
        class="agent-console"
        data-view={props.pane ? WORKSPACE_VIEWS.chat : WORKSPACE_VIEWS.list}
      >
        <aside class="inbox" aria-label="Chats">
          <header class="inbox-header">
            <h1>Inbox</h1>
            <BucketSearch bucket={list.bucket} query={list.query} />
          </header>
          <BucketNav tabs={tabs} current={list.bucket} />
          <div class="inbox-scroll">
            <button type="button" id={agentIds.bucketNews} class="bucket-news" hidden x-on:click="backToTop">
              New activity: back to the top
            </button>
            <BucketList {...list} />
          </div>
        </aside>
        <section id={agentIds.chatPane} class="chat-pane" aria-label="Conversation">
          {props.pane ?? <AgentDashboard followUps={followUps} />}
        </section>
      </div>
      <dialog id={agentIds.dialog} class="agent-dialog" aria-label="Canned replies">
        <div id={agentIds.dialogBody} class="dialog-body" />
        <div class="dialog-footer" x-data="cannedManager">
          <button type="button" class="button button-small" x-on:click="closeDialog">
            Done
          </button>
        </div>
      </dialog>
    </AgentFrame>
  );
}

/**
 * ADMIN-3 / OPS-7: what the console says when its socket is gone. Hidden while connected; the
 * console script (client/staff/agent-connection.ts) shows one of the two messages, chosen by the
 * socket's close code, so an agent is never shown "Available" while no new chat can reach them.
 */
function ConnectionBanner() {
  return (
    <div id={agentIds.connectionBanner} class="connection-banner" role="status" hidden>
      <p class="connection-reconnecting">
        <span class="connection-spinner" aria-hidden="true" />
        <strong>Reconnecting…</strong> New chats are not being offered to you until the connection is back.
      </p>
      <p class="connection-signed-out">
        <strong>You have been signed out.</strong> Taking you to the sign-in page…{' '}
        <a href="/login?next=%2Fagent">Sign in again</a>
      </p>
    </div>
  );
}

export function AgentDashboard({ followUps }: { followUps: { today: string; items: FollowUp[] } }) {
  return (
    <div class="agent-dashboard">
      <p class="muted">Pick a chat on the left to open it here.</p>
      <div class="agent-dashboard-actions" x-data="cannedManager">
        <button type="button" class="button button-small" x-on:click="manage">
          Manage canned replies
        </button>
      </div>
      <FollowUpsToday today={followUps.today} items={followUps.items} openable />
    </div>
  );
}

/** An agent without Live Chat: no inbox, only what their other permission allows (AGENT-6). */
export function AgentNoInboxPage(props: {
  user: ShellUser & { id: string };
  permissions: AgentPermissions;
  followUps: { today: string; items: FollowUp[] } | undefined;
}) {
  return (
    <AgentFrame user={props.user} permissions={props.permissions} currentPath="/agent" heading="Dashboard">
      <div class="page-header">
        <h1>Dashboard</h1>
      </div>
      <p class="alert alert-info">Live Chat is not enabled for your account, so you have no chat inbox.</p>
      {props.followUps ? (
        <FollowUpsToday today={props.followUps.today} items={props.followUps.items} />
      ) : null}
    </AgentFrame>
  );
}

import type { StaffUser } from '../../src/auth/staff-user.ts';
import { TableHead } from '../components/table-head.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

export interface AgentListRow {
  agent: StaffUser;
  online: boolean;
  load: { active: number; offline: number };
}

export interface AgentsPageProps {
  user: ShellUser;
  base: string;
  rows: AgentListRow[];
}

function PresenceBadge({ row }: { row: AgentListRow }) {
  if (!row.agent.isActive) return <span class="pill pill-closed">Disabled</span>;
  if (!row.online) return <span class="pill pill-closed">Offline</span>;
  if (row.agent.onBreak) return <span class="pill pill-warning">On break</span>;
  return <span class="pill pill-success">Online</span>;
}

function LoadMeter({ used, limit, label }: { used: number; limit: number; label: string }) {
  const percent = limit > 0 ? Math.min(100, Math.round((used / limit) * 100)) : 100;
  return (
    <span class="load" title={`${label}: ${used} of ${limit}`}>
      <span class="load-figure">
        {used}/{limit}
      </span>
      <meter class="load-meter" min={0} max={100} value={percent} aria-label={`${label} load`} />
    </span>
  );
}

export function AgentsTable({ base, rows }: { base: string; rows: AgentListRow[] }) {
  if (rows.length === 0) {
    return (
      <section class="card empty-state">
        <h2>No agents yet</h2>
        <p>Add the first agent to start routing chats.</p>
      </section>
    );
  }
  return (
    <div class="table-wrap card" id="agents-table">
      <table class="table table-cards">
        <TableHead
          columns={[
            { label: 'Agent' },
            { label: 'Status' },
            { label: 'Active chats' },
            { label: 'Offline chats' },
            { label: 'Access' },
            { label: 'Actions', visuallyHidden: true },
          ]}
        />
        <tbody>
          {rows.map((row) => (
            <tr id={`agent-${row.agent.id}`}>
              <td class="card-title-cell">
                <span class="cell-title">{row.agent.displayName}</span>
                <span class="cell-sub">{row.agent.email}</span>
              </td>
              <td class="card-aside">
                <PresenceBadge row={row} />
              </td>
              <td data-label="Active chats">
                <LoadMeter used={row.load.active} limit={row.agent.activeLimit} label="Active" />
              </td>
              <td data-label="Offline chats">
                <LoadMeter used={row.load.offline} limit={row.agent.offlineLimit} label="Offline" />
              </td>
              <td class="cell-tags" data-label="Access">
                <span class="cell-stack-inline">
                  {row.agent.liveChatEnabled ? <span class="tag">Live Chat</span> : null}
                  {row.agent.crmEnabled ? <span class="tag">CRM</span> : null}
                </span>
              </td>
              <td class="cell-actions">
                <a class="button button-small" href={`${base}/agents/${row.agent.id}`}>
                  Edit<span class="visually-hidden"> {row.agent.displayName}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AgentsPage({ user, base, rows }: AgentsPageProps) {
  const online = rows.filter((row) => row.online && row.agent.isActive).length;
  return (
    <AppShell title="Agents" user={user} currentPath={`${base}/agents`}>
      <div class="page-header">
        <div>
          <h1>Agents</h1>
          <p class="muted">
            {rows.length} agents · {online} online now
          </p>
        </div>
        <a class="button button-primary" href={`${base}/agents/new`}>
          Add agent
        </a>
      </div>
      <AgentsTable base={base} rows={rows} />
    </AppShell>
  );
}

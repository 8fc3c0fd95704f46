import type { Role } from '../../src/auth/roles.ts';
import type { StaffUser } from '../../src/auth/staff-user.ts';
import { TableHead } from '../components/table-head.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

export const roleNames: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  agent: 'Agent',
  qa: 'Quality reviewer',
};

export interface StaffPageProps {
  user: ShellUser;
  base: string;
  members: StaffUser[];
  /** Admins are listed for everyone, editable only by admins (ADMIN-4). */
  canEditAdmins: boolean;
}

export function StaffPage({ user, base, members, canEditAdmins }: StaffPageProps) {
  return (
    <AppShell title="Staff" user={user} currentPath={`${base}/staff`}>
      <div class="page-header">
        <div>
          <h1>Staff</h1>
          <p class="muted">Admins, managers and quality reviewers. Agents are managed under Agents.</p>
        </div>
        <a class="button button-primary" href={`${base}/staff/new`}>
          Add staff member
        </a>
      </div>
      <div class="table-wrap card" id="staff-table">
        <table class="table table-cards">
          <TableHead
            columns={[
              { label: 'Name' },
              { label: 'Role' },
              { label: 'Status' },
              { label: 'Actions', visuallyHidden: true },
            ]}
          />
          <tbody>
            {members.map((member) => (
              <tr id={`staff-${member.id}`}>
                <td class="card-title-cell">
                  <span class="cell-title">{member.displayName}</span>
                  <span class="cell-sub">{member.email}</span>
                </td>
                <td data-label="Role">
                  <span class={`tag tag-${member.role}`}>{roleNames[member.role]}</span>
                </td>
                <td class="card-aside">
                  {member.isActive ? (
                    <span class="pill pill-success">Active</span>
                  ) : (
                    <span class="pill pill-closed">Disabled</span>
                  )}
                </td>
                <td class="cell-actions">
                  {member.role !== 'admin' || canEditAdmins ? (
                    <a class="button button-small" href={`${base}/staff/${member.id}`}>
                      Edit<span class="visually-hidden"> {member.displayName}</span>
                    </a>
                  ) : (
                    <span class="muted small">Admin only</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AppShell>
  );
}

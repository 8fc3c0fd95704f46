import type { Project } from '../../src/projects/project.ts';
import { TableHead } from '../components/table-head.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

export function ProjectsPage({ user, projects }: { user: ShellUser; projects: Project[] }) {
  return (
    <AppShell title="Projects" user={user} currentPath="/admin/projects">
      <div class="page-header">
        <div>
          <h1>Projects</h1>
          <p class="muted">Each project is a branded chat page and widget. The default one answers at /.</p>
        </div>
        <a class="button button-primary" href="/admin/projects/new">
          New project
        </a>
      </div>
      <div class="table-wrap card" id="projects-table">
        <table class="table">
          <TableHead
            columns={[
              { label: 'Project' },
              { label: 'Page' },
              { label: 'Accent', hideOnPhone: true },
              { label: 'Updated', hideOnPhone: true },
              { label: 'Actions', visuallyHidden: true },
            ]}
          />
          <tbody>
            {projects.map((project) => (
              <tr id={`project-${project.id}`}>
                <td>
                  <span class="cell-title">
                    {project.name} {project.isDefault ? <span class="pill pill-info">Default</span> : null}
                  </span>
                  <span class="cell-sub">{project.title}</span>
                </td>
                <td>
                  <a href={`/p/${project.slug}`} target="_blank" rel="noopener">
                    /p/{project.slug}
                  </a>
                </td>
                <td class="hide-sm">
                  <span class="swatch-label mono">{project.accentColor}</span>
                </td>
                <td class="muted small hide-sm">{project.updatedAt.slice(0, 10)}</td>
                <td class="cell-actions">
                  <a class="button button-small" href={`/admin/projects/${project.id}`}>
                    Edit<span class="visually-hidden"> {project.name}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AppShell>
  );
}

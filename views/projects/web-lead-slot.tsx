import { projectIds } from './project-dom-ids.ts';

/**
 * The project settings' "Web-form leads" section is the CRM module's (stage and owner of the
 * leads POST /api/web-leads creates); the project page holds its place, htmx loads it, and
 * without JavaScript the link opens it as a page.
 */
export const webLeadSettingsPath = (projectId: string) => `/admin/projects/${projectId}/web-leads`;

export function WebLeadSettingsSlot({ projectId }: { projectId: string }) {
  const path = webLeadSettingsPath(projectId);
  return (
    <div id={projectIds.webLeadSettings} class="card" hx-get={path} hx-trigger="load" hx-swap="outerHTML">
      <h2>Web-form leads</h2>
      <p>
        <a href={path}>Choose the stage and owner of web-form leads</a>
      </p>
    </div>
  );
}

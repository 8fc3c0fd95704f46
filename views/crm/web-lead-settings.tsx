import type { WebLeadSettings } from '../../src/crm/lead-defaults.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { FormNotice, SelectField } from '../components/field.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { projectIds } from '../projects/project-dom-ids.ts';
import { webLeadSettingsPath } from '../projects/web-lead-slot.tsx';
import { defaultOwnerOptions, defaultStageOptions } from './crm-labels.ts';

/**
 * The project settings' "Web-form leads" section (docs/decisions/0046): the stage and owner of
 * the leads POST /api/web-leads creates for this project. Its own form and POST, loaded into the
 * project page's slot (views/projects/web-lead-slot.tsx); without JavaScript, a page of its own.
 */
export { webLeadSettingsPath };

export function webLeadSettingsValues(settings: WebLeadSettings): Record<string, string> {
  return { stage: settings.defaults.stage ?? '', owner: settings.defaults.ownerId ?? '' };
}

export function WebLeadSettingsSection(props: {
  settings: WebLeadSettings;
  values: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}) {
  const { settings, values, errors = {} } = props;
  const action = webLeadSettingsPath(settings.projectId);
  return (
    <form
      id={projectIds.webLeadSettings}
      class="card form"
      method="post"
      action={action}
      hx-post={action}
      hx-swap="outerHTML"
      aria-labelledby="web-lead-settings-heading"
      novalidate
    >
      <h2 id="web-lead-settings-heading">Web-form leads</h2>
      <p class="muted">Leads from forms on your site (the web leads API) start with this stage and owner.</p>
      {props.notice ? <FormNotice kind="success">{props.notice}</FormNotice> : null}
      {Object.keys(errors).length > 0 ? (
        <FormNotice kind="error">Check the highlighted fields.</FormNotice>
      ) : null}
      <SelectField
        id="web-lead-stage"
        name="stage"
        label="Stage of new web-form leads"
        value={values.stage ?? ''}
        error={errors.stage}
        options={defaultStageOptions()}
      />
      <SelectField
        id="web-lead-owner"
        name="owner"
        label="Owner of new web-form leads"
        value={values.owner ?? ''}
        error={errors.owner}
        hint="Agents with CRM Leads. Unassigned leads wait in the inbox for anyone to pick."
        options={defaultOwnerOptions(settings.owners)}
      />
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          Save web-form lead settings
        </button>
      </div>
    </form>
  );
}

export function WebLeadSettingsPage(props: {
  user: ShellUser;
  settings: WebLeadSettings;
  values: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}) {
  const { user, ...section } = props;
  return (
    <AppShell title="Web-form leads" user={user} currentPath="/admin/projects">
      <WebLeadSettingsSection {...section} />
      <p>
        <a href={`/admin/projects/${props.settings.projectId}`}>Back to the project</a>
      </p>
    </AppShell>
  );
}

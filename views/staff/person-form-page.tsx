import type { Role } from '../../src/auth/roles.ts';
import type { StaffUser } from '../../src/auth/staff-user.ts';
import { MAX_CHAT_LIMIT } from '../../src/routing/eligibility.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { personPath, type Roster } from '../../src/staff/rosters.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Checkbox, FormNotice, SelectField, TextField } from '../components/field.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { AccountActions, type AccountActionsProps } from './account-actions.tsx';
import { roleNames } from './staff-page.tsx';

export interface PersonFormProps {
  roster: Roster;
  base: string;
  /** The person being edited; absent on "Add …". */
  person?: StaffUser | undefined;
  /** Roles the signed-in person may give (Staff section): managers never see Admin (ADMIN-4). */
  assignableRoles?: readonly Role[];
  values?: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}

const checked = (values: Record<string, string> | undefined, name: string, fallback: boolean) =>
  values ? values[name] === 'on' : fallback;

/** An agent's chat limits and Live Chat / CRM permissions (ADMIN-3, ROUTE-5, AGENT-6). */
function AgentFields({
  person,
  values,
  errors = {},
  id,
}: PersonFormProps & { id: (name: string) => string }) {
  const v = (name: string, fallback: string | number) => values?.[name] ?? String(fallback);
  return (
    <>
      <div class="field-row">
        <TextField
          id={id('active-limit')}
          name="activeLimit"
          type="number"
          label="Active chat limit"
          min={0}
          max={MAX_CHAT_LIMIT}
          value={v('activeLimit', person?.activeLimit ?? 5)}
          error={errors.activeLimit}
        />
        <TextField
          id={id('offline-limit')}
          name="offlineLimit"
          type="number"
          label="Offline chat limit"
          min={0}
          max={MAX_CHAT_LIMIT}
          value={v('offlineLimit', person?.offlineLimit ?? 10)}
          error={errors.offlineLimit}
        />
      </div>
      <fieldset class="fieldset">
        <legend>Access</legend>
        <Checkbox
          id={id('live-chat')}
          name="liveChatEnabled"
          label="Live Chat: receives and answers chats"
          checked={checked(values, 'liveChatEnabled', person?.liveChatEnabled ?? true)}
        />
        <Checkbox
          id={id('crm')}
          name="crmEnabled"
          label="CRM Leads: works web, uploaded and sheet leads"
          checked={checked(values, 'crmEnabled', person?.crmEnabled ?? false)}
        />
      </fieldset>
    </>
  );
}

/** A staff member's role, and whether they may sign in (ADMIN-4). */
function StaffFields({
  person,
  assignableRoles = [],
  values,
  errors = {},
  id,
}: PersonFormProps & { id: (name: string) => string }) {
  return (
    <>
      <SelectField
        id={id('role')}
        name="role"
        label="Role"
        value={values?.role ?? person?.role ?? 'manager'}
        options={assignableRoles.map((role) => ({ value: role, label: roleNames[role] }))}
        error={errors.role}
      />
      {person ? (
        <Checkbox
          id={id('active')}
          name="isActive"
          label="Active: may sign in"
          hint="Disabling signs them out everywhere."
          checked={checked(values, 'isActive', person.isActive)}
        />
      ) : (
        <input type="hidden" name="isActive" value="on" />
      )}
    </>
  );
}

/** Add or edit a person of either section: the fields they share, then the section's own. */
export function PersonForm(props: PersonFormProps) {
  const { roster, base, person, values, errors = {}, notice } = props;
  const action = personPath(base, roster, person?.id);
  const id = (name: string) => `${roster.idPrefix}-${name}`;
  const v = (name: string, fallback: string) => values?.[name] ?? fallback;
  // Agents keep the email they were created with; staff emails can be corrected.
  const editsEmail = !person || roster.kind === 'staff';
  return (
    <form
      id={id('form')}
      class="card form"
      method="post"
      action={action}
      hx-post={action}
      hx-swap="outerHTML"
      novalidate
    >
      <h2>
        {person
          ? roster.kind === 'agents'
            ? 'Profile and limits'
            : 'Profile and role'
          : `New ${roster.noun}`}
      </h2>
      {notice ? <FormNotice kind="success">{notice}</FormNotice> : null}
      {errors.form ? <FormNotice kind="error">{errors.form}</FormNotice> : null}
      <TextField
        id={id('display-name')}
        name="displayName"
        label="Display name"
        hint={roster.kind === 'agents' ? 'Visitors see this name on replies.' : undefined}
        value={v('displayName', person?.displayName ?? '')}
        maxlength={120}
        required
        error={errors.displayName}
      />
      {editsEmail ? (
        <TextField
          id={id('email')}
          name="email"
          type="email"
          label="Email"
          value={v('email', person?.email ?? '')}
          autocomplete="off"
          maxlength={254}
          required
          error={errors.email}
        />
      ) : null}
      {person ? null : (
        <TextField
          id={id('password')}
          name="password"
          type="password"
          label="Initial password"
          hint="At least 10 characters; they can be asked to change it."
          autocomplete="new-password"
          maxlength={200}
          required
          error={errors.password}
        />
      )}
      {roster.kind === 'agents' ? <AgentFields {...props} id={id} /> : <StaffFields {...props} id={id} />}
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          {person ? 'Save changes' : `Add ${roster.noun}`}
        </button>
        <a class="button button-quiet" href={personPath(base, roster)}>
          {person ? `Back to ${roster.title.toLowerCase()}` : 'Cancel'}
        </a>
      </div>
    </form>
  );
}

export function PersonFormPage(
  props: PersonFormProps & { user: ShellUser; actions?: Omit<AccountActionsProps, 'action' | 'deletable'> },
) {
  const { user, person, base, roster, actions } = props;
  const heading = person ? person.displayName : `Add ${roster.noun}`;
  return (
    <AppShell title={heading} user={user} currentPath={personPath(base, roster)}>
      <div class="page-header">
        <div>
          <Breadcrumb parent={{ href: personPath(base, roster), label: roster.title }} current={heading} />
          <h1>{heading}</h1>
          {person && roster.kind === 'agents' ? <p class="muted">{person.email}</p> : null}
        </div>
      </div>
      <div class={person ? 'grid-2' : 'narrow'}>
        <PersonForm {...props} />
        {person ? (
          <AccountActions
            action={personPath(base, roster, person.id)}
            deletable={roster.deletable}
            {...actions}
          />
        ) : null}
      </div>
    </AppShell>
  );
}

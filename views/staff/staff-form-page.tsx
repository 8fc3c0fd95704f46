import type { Role } from '../../src/auth/roles.ts';
import type { StaffUser } from '../../src/auth/staff-user.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { Checkbox, FormNotice, SelectField, TextField } from '../components/field.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { AccountActions } from './account-actions.tsx';
import { roleNames } from './staff-page.tsx';

export interface StaffFormProps {
  base: string;
  member?: StaffUser | undefined;
  /** Roles the signed-in person may give: managers never see Admin (ADMIN-4). */
  assignableRoles: readonly Role[];
  values?: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}

export function StaffForm({ base, member, assignableRoles, values, errors = {}, notice }: StaffFormProps) {
  const action = member ? `${base}/staff/${member.id}` : `${base}/staff`;
  const v = (name: string, fallback: string) => values?.[name] ?? fallback;
  const active = values ? values.isActive === 'on' : (member?.isActive ?? true);
  return (
    <form
      id="staff-form"
      class="card form"
      method="post"
      action={action}
      hx-post={action}
      hx-swap="outerHTML"
      novalidate
    >
      <h2>{member ? 'Profile and role' : 'New staff member'}</h2>
      {notice ? <FormNotice kind="success">{notice}</FormNotice> : null}
      {errors.form ? <FormNotice kind="error">{errors.form}</FormNotice> : null}
      <TextField
        id="staff-display-name"
        name="displayName"
        label="Display name"
        value={v('displayName', member?.displayName ?? '')}
        maxlength={120}
        required
        error={errors.displayName}
      />
      <TextField
        id="staff-email"
        name="email"
        type="email"
        label="Email"
        value={v('email', member?.email ?? '')}
        autocomplete="off"
        maxlength={254}
        required
        error={errors.email}
      />
      {member ? null : (
        <TextField
          id="staff-password"
          name="password"
          type="password"
          label="Initial password"
          hint="At least 10 characters."
          autocomplete="new-password"
          maxlength={200}
          required
          error={errors.password}
        />
      )}
      <SelectField
        id="staff-role"
        name="role"
        label="Role"
        value={v('role', member?.role ?? 'manager')}
        options={assignableRoles.map((role) => ({ value: role, label: roleNames[role] }))}
        error={errors.role}
      />
      {member ? (
        <Checkbox
          id="staff-active"
          name="isActive"
          label="Active: may sign in"
          hint="Disabling signs them out everywhere."
          checked={active}
        />
      ) : (
        <input type="hidden" name="isActive" value="on" />
      )}
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          {member ? 'Save changes' : 'Add staff member'}
        </button>
        <a class="button button-quiet" href={`${base}/staff`}>
          {member ? 'Back to staff' : 'Cancel'}
        </a>
      </div>
    </form>
  );
}

export function DeleteStaffForm({ action, error }: { action: string; error?: string | undefined }) {
  return (
    <form
      id="delete-staff-form"
      class="card danger-zone"
      method="post"
      action={`${action}/delete`}
      hx-post={`${action}/delete`}
      hx-swap="outerHTML"
      hx-confirm="Delete this account for good?"
    >
      <h3>Delete account</h3>
      <p class="muted">People with chat history cannot be deleted; disable them instead.</p>
      {error ? <FormNotice kind="error">{error}</FormNotice> : null}
      <button type="submit" class="button button-danger">
        Delete account
      </button>
    </form>
  );
}

export function StaffFormPage(props: StaffFormProps & { user: ShellUser }) {
  const { user, member, base } = props;
  const action = member ? `${base}/staff/${member.id}` : '';
  return (
    <AppShell title={member ? member.displayName : 'Add staff'} user={user} currentPath={`${base}/staff`}>
      <div class="page-header">
        <div>
          <p class="breadcrumb">
            <a href={`${base}/staff`}>Staff</a>
          </p>
          <h1>{member ? member.displayName : 'Add staff member'}</h1>
        </div>
      </div>
      <div class={member ? 'grid-2' : 'narrow'}>
        <StaffForm {...props} />
        {member ? (
          <div class="stack">
            <AccountActions action={action} />
            <DeleteStaffForm action={action} />
          </div>
        ) : null}
      </div>
    </AppShell>
  );
}

import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { FormNotice, TextField } from '../components/field.tsx';

/** Force logout, password reset and deletion for one person (ADMIN-3, ADMIN-4); `action` is their URL. */
export function ForceLogoutForm({ action, notice }: { action: string; notice?: string }) {
  return (
    <form
      id="force-logout-form"
      method="post"
      action={`${action}/logout`}
      hx-post={`${action}/logout`}
      hx-swap="outerHTML"
    >
      <h3>Sessions</h3>
      <p class="muted">Signs this person out of every browser and closes their live connections.</p>
      {notice ? <FormNotice kind="success">{notice}</FormNotice> : null}
      <button type="submit" class="button button-danger-quiet">
        Force logout
      </button>
    </form>
  );
}

export function ResetPasswordForm(props: { action: string; errors?: FieldErrors; notice?: string }) {
  const { action, errors = {}, notice } = props;
  return (
    <form
      id="reset-password-form"
      method="post"
      action={`${action}/password`}
      hx-post={`${action}/password`}
      hx-swap="outerHTML"
      autocomplete="off"
    >
      <h3>Reset password</h3>
      {notice ? <FormNotice kind="success">{notice}</FormNotice> : null}
      <TextField
        id="reset-password"
        name="password"
        type="password"
        label="New password"
        hint="At least 10 characters. Their sessions end when you save."
        autocomplete="new-password"
        maxlength={200}
        required
        error={errors.password}
      />
      <button type="submit" class="button">
        Set new password
      </button>
    </form>
  );
}

export function DeleteAccountForm({ action, error }: { action: string; error?: string | undefined }) {
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

export interface AccountActionsProps {
  action: string;
  logoutNotice?: string;
  password?: { errors?: FieldErrors; notice?: string };
  /** The Staff section offers deleting the account too. */
  deletable?: boolean;
}

/** Everything done to one person's account, the same in both sections (ADMIN-3, ADMIN-4). */
export function AccountActions({ action, logoutNotice, password, deletable = false }: AccountActionsProps) {
  return (
    <div class="stack">
      <section class="card stack" aria-label="Account actions">
        <ForceLogoutForm action={action} notice={logoutNotice} />
        <hr />
        <ResetPasswordForm action={action} {...password} />
      </section>
      {deletable ? <DeleteAccountForm action={action} /> : null}
    </div>
  );
}

import { type Context, Hono } from 'hono';
import { AccountActions, ForceLogoutForm, ResetPasswordForm } from '../../views/staff/account-actions.tsx';
import {
  DeleteStaffForm,
  StaffForm,
  StaffFormPage,
  type StaffFormProps,
} from '../../views/staff/staff-form-page.tsx';
import { StaffPage } from '../../views/staff/staff-page.tsx';
import { ROLES } from '../auth/roles.ts';
import { findUserById, listUsersByRoles } from '../auth/users.queries.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { validForm } from '../http/form-errors.ts';
import { redirectTo, respond } from '../http/respond.ts';
import { submittedValues } from '../shared/field-errors.ts';
import { CONSOLE_BASES, staffFailure } from './agents.routes.tsx';
import { newStaffSchema, passwordSchema, staffMemberSchema } from './staff.forms.ts';
import {
  createStaff,
  deleteStaffMember,
  forceLogout,
  resetPassword,
  updateStaffMember,
} from './staff.service.ts';
import { mayManage } from './staff.ts';

/** Staff console (ADMIN-4): admins, managers and QA; managers never act on admins. */
export const staffRoutes = new Hono<AppEnv>();

const STAFF_ROLES = ['admin', 'manager', 'qa'] as const;
const LAST_ADMIN = 'This is the last active admin: make someone else an admin first.';

function renderStaffForm(
  c: Context<AppEnv>,
  base: string,
  props: Omit<StaffFormProps, 'base' | 'assignableRoles'>,
  status: 200 | 422 = 200,
) {
  const user = currentUser(c);
  const assignableRoles = ROLES.filter((role) => mayManage(user, role));
  const full = { base, assignableRoles, ...props };
  return respond(
    c,
    { fragment: () => <StaffForm {...full} />, page: () => <StaffFormPage user={user} {...full} /> },
    status,
  );
}

/** The member named in the path, if the signed-in person may manage them. */
async function loadMember(c: Context<AppEnv>) {
  const member = await findUserById(c.get('deps').db, c.req.param('id') ?? '');
  if (!member) throw staffFailure('user.not_found');
  if (!mayManage(currentUser(c), member.role)) throw staffFailure('user.forbidden');
  return member;
}

for (const base of CONSOLE_BASES) {
  staffRoutes.get(`${base}/staff`, async (c) => {
    const user = currentUser(c);
    const members = await listUsersByRoles(c.get('deps').db, STAFF_ROLES);
    const canEditAdmins = mayManage(user, 'admin');
    return c.html(<StaffPage user={user} base={base} members={members} canEditAdmins={canEditAdmins} />);
  });

  staffRoutes.get(`${base}/staff/new`, (c) => renderStaffForm(c, base, {}));

  staffRoutes.post(
    `${base}/staff`,
    validForm(newStaffSchema, (c, errors, values) => renderStaffForm(c, base, { values, errors }, 422)),
    async (c) => {
      const created = await createStaff(c.get('deps'), currentUser(c), c.req.valid('form'));
      if (created.ok) return redirectTo(c, `${base}/staff/${created.value.id}`);
      if (created.code !== 'user.email_taken') throw staffFailure(created.code);
      const values = submittedValues(await c.req.parseBody());
      return renderStaffForm(c, base, { values, errors: { email: 'Someone already uses this email.' } }, 422);
    },
  );

  staffRoutes.get(`${base}/staff/:id`, async (c) =>
    renderStaffForm(c, base, { member: await loadMember(c) }),
  );

  staffRoutes.post(
    `${base}/staff/:id`,
    validForm(staffMemberSchema, async (c, errors, values) =>
      renderStaffForm(c, base, { member: await loadMember(c), values, errors }, 422),
    ),
    async (c) => {
      const member = await loadMember(c);
      const result = await updateStaffMember(c.get('deps'), currentUser(c), member.id, c.req.valid('form'));
      if (result.ok) return renderStaffForm(c, base, { member: result.value, notice: 'Saved.' });
      const values = submittedValues(await c.req.parseBody());
      if (result.code === 'user.last_admin') {
        return renderStaffForm(c, base, { member, values, errors: { form: LAST_ADMIN } }, 422);
      }
      if (result.code === 'user.email_taken') {
        const errors = { email: 'Someone already uses this email.' };
        return renderStaffForm(c, base, { member, values, errors }, 422);
      }
      throw staffFailure(result.code);
    },
  );

  staffRoutes.post(`${base}/staff/:id/logout`, async (c) => {
    const member = await loadMember(c);
    const ended = await forceLogout(c.get('deps'), currentUser(c), member.id);
    if (!ended.ok) throw staffFailure(ended.code);
    const notice = `Signed out of ${ended.value} session${ended.value === 1 ? '' : 's'}.`;
    const action = `${base}/staff/${member.id}`;
    return respond(c, {
      fragment: () => <ForceLogoutForm action={action} notice={notice} />,
      page: () => <AccountActions action={action} logoutNotice={notice} />,
    });
  });

  staffRoutes.post(
    `${base}/staff/:id/password`,
    validForm(passwordSchema, (c, errors) =>
      c.html(<ResetPasswordForm action={`${base}/staff/${c.req.param('id')}`} errors={errors} />, 422),
    ),
    async (c) => {
      const member = await loadMember(c);
      const reset = await resetPassword(
        c.get('deps'),
        currentUser(c),
        member.id,
        c.req.valid('form').password,
      );
      if (!reset.ok) throw staffFailure(reset.code);
      const action = `${base}/staff/${member.id}`;
      const notice = 'Password changed; their sessions have ended.';
      return respond(c, {
        fragment: () => <ResetPasswordForm action={action} notice={notice} />,
        page: () => <AccountActions action={action} password={{ notice }} />,
      });
    },
  );

  staffRoutes.post(`${base}/staff/:id/delete`, async (c) => {
    const member = await loadMember(c);
    const deleted = await deleteStaffMember(c.get('deps'), currentUser(c), member.id);
    if (deleted.ok) return redirectTo(c, `${base}/staff`);
    const action = `${base}/staff/${member.id}`;
    const error =
      deleted.code === 'user.last_admin'
        ? LAST_ADMIN
        : deleted.code === 'user.has_history'
          ? 'This person has chat history: disable the account instead.'
          : undefined;
    if (!error) throw staffFailure(deleted.code);
    return c.html(<DeleteStaffForm action={action} error={error} />, 409);
  });
}

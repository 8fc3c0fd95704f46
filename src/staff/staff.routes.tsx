import { type Context, Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { z } from 'zod';
import { DeleteAccountForm, ForceLogoutForm, ResetPasswordForm } from '../../views/staff/account-actions.tsx';
import { AgentsPage } from '../../views/staff/agents-page.tsx';
import { PersonForm, PersonFormPage, type PersonFormProps } from '../../views/staff/person-form-page.tsx';
import { StaffPage } from '../../views/staff/staff-page.tsx';
import { SHARED_CONSOLES } from '../auth/policy.ts';
import { ROLES } from '../auth/roles.ts';
import type { StaffUser } from '../auth/staff-user.ts';
import { findUserById, listUsersByRoles } from '../auth/users.queries.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { validForm } from '../http/form-errors.ts';
import { redirectTo, respond } from '../http/respond.ts';
import { loadAgentDefaults } from '../settings/agent-defaults.service.ts';
import { type FieldErrors, submittedValues } from '../shared/field-errors.ts';
import type { Result } from '../shared/result.ts';
import { personPath, type Roster, rosters, STAFF_ROLES } from './rosters.ts';
import {
  agentSettingsSchema,
  newAgentSchema,
  newStaffSchema,
  passwordSchema,
  staffMemberSchema,
} from './staff.forms.ts';
import {
  createStaff,
  deleteStaffMember,
  forceLogout,
  listAgents,
  resetPassword,
  type StaffError,
  updateAgent,
  updateStaffMember,
} from './staff.service.ts';
import { mayManage } from './staff.ts';

/**
 * The Agents (ADMIN-3) and Staff (ADMIN-4) sections of the admin and manager consoles: one
 * handler set for both, given what differs per section (its list, form schemas and save). Managers
 * never act on admins; the last active admin stays (staff.service.ts).
 */
export const staffRoutes = new Hono<AppEnv>();

type C = Context<AppEnv>;
type Person = StaffUser;
type PageActions = NonNullable<Parameters<typeof PersonFormPage>[0]['actions']>;

interface Section<Create extends z.ZodType, Update extends z.ZodType> {
  roster: Roster;
  listPage(c: C, base: string): Promise<Response>;
  /** What "Add …" starts with. */
  newValues(c: C): Promise<Record<string, string>>;
  createSchema: Create;
  create(c: C, form: z.output<Create>): Promise<Result<Person, StaffError>>;
  updateSchema: Update;
  update(c: C, person: Person, form: z.output<Update>): Promise<Result<Person, StaffError>>;
}

const LAST_ADMIN = 'This is the last active admin: make someone else an admin first.';
const EMAIL_TAKEN = 'Someone already uses this email.';

/** Failures that are not a field's fault become an error page or fragment. */
function staffFailure(code: StaffError): AppError {
  if (code === 'user.forbidden') return new AppError(code, 403, 'Only an admin can change admins.');
  if (code === 'user.has_history') return new AppError(code, 409, 'This person has chat history.');
  return new AppError(code, 404, 'We could not find that person.');
}

/** Refusals shown on the form itself (422), with what was typed. */
const fieldRefusals: Partial<Record<StaffError, FieldErrors>> = {
  'user.email_taken': { email: EMAIL_TAKEN },
  'user.last_admin': { form: LAST_ADMIN },
};

const sessionsEnded = (count: number) => `Signed out of ${count} session${count === 1 ? '' : 's'}.`;
const PASSWORD_CHANGED = 'Password changed; their sessions have ended.';

const agentsSection: Section<typeof newAgentSchema, typeof agentSettingsSchema> = {
  roster: rosters.agents,
  async listPage(c, base) {
    return c.html(<AgentsPage user={currentUser(c)} base={base} rows={await listAgents(c.get('deps'))} />);
  },
  async newValues(c) {
    const defaults = await loadAgentDefaults(c.get('deps'));
    return {
      activeLimit: String(defaults.activeLimit),
      offlineLimit: String(defaults.offlineLimit),
      liveChatEnabled: 'on',
    };
  },
  createSchema: newAgentSchema,
  create: (c, form) => createStaff(c.get('deps'), currentUser(c), { ...form, role: 'agent' }),
  updateSchema: agentSettingsSchema,
  update: (c, person, form) => updateAgent(c.get('deps'), currentUser(c), person.id, form),
};

const staffSection: Section<typeof newStaffSchema, typeof staffMemberSchema> = {
  roster: rosters.staff,
  async listPage(c, base) {
    const user = currentUser(c);
    const members = await listUsersByRoles(c.get('deps').db, STAFF_ROLES);
    return c.html(
      <StaffPage user={user} base={base} members={members} canEditAdmins={mayManage(user, 'admin')} />,
    );
  },
  newValues: async () => ({}),
  createSchema: newStaffSchema,
  create: (c, form) => createStaff(c.get('deps'), currentUser(c), form),
  updateSchema: staffMemberSchema,
  update: (c, person, form) => updateStaffMember(c.get('deps'), currentUser(c), person.id, form),
};

function routesFor<Create extends z.ZodType, Update extends z.ZodType>(
  base: string,
  section: Section<Create, Update>,
): void {
  const { roster } = section;
  const path = personPath(base, roster);

  function renderForm(
    c: C,
    props: Omit<PersonFormProps, 'roster' | 'base' | 'assignableRoles'>,
    status: 200 | 422 = 200,
  ) {
    const user = currentUser(c);
    const full = { roster, base, assignableRoles: ROLES.filter((role) => mayManage(user, role)), ...props };
    return respond(
      c,
      { fragment: () => <PersonForm {...full} />, page: () => <PersonFormPage user={user} {...full} /> },
      status,
    );
  }

  /** The person named in the path, if they belong here and the signed-in person may manage them. */
  async function loadPerson(c: C): Promise<Person> {
    const person = await findUserById(c.get('deps').db, c.req.param('id') ?? '');
    if (!person || !roster.lists(person)) throw staffFailure('user.not_found');
    if (!mayManage(currentUser(c), person.role)) throw staffFailure('user.forbidden');
    return person;
  }

  /** An account action's answer: its own form for htmx, the person's page otherwise. */
  function actionDone(c: C, person: Person, fragment: () => JSX.Element, actions: PageActions) {
    return respond(c, {
      fragment,
      page: () => (
        <PersonFormPage user={currentUser(c)} roster={roster} base={base} person={person} actions={actions} />
      ),
    });
  }

  staffRoutes.get(path, (c) => section.listPage(c, base));

  staffRoutes.get(`${path}/new`, async (c) => renderForm(c, { values: await section.newValues(c) }));

  staffRoutes.post(
    path,
    validForm(section.createSchema, (c, errors, values) => renderForm(c, { values, errors }, 422)),
    async (c) => {
      const created = await section.create(c, c.req.valid('form'));
      if (created.ok) return redirectTo(c, personPath(base, roster, created.value.id));
      const errors = fieldRefusals[created.code];
      if (!errors) throw staffFailure(created.code);
      return renderForm(c, { values: submittedValues(await c.req.parseBody()), errors }, 422);
    },
  );

  staffRoutes.get(`${path}/:id`, async (c) => renderForm(c, { person: await loadPerson(c) }));

  staffRoutes.post(
    `${path}/:id`,
    validForm(section.updateSchema, async (c, errors, values) =>
      renderForm(c, { person: await loadPerson(c), values, errors }, 422),
    ),
    async (c) => {
      const person = await loadPerson(c);
      const updated = await section.update(c, person, c.req.valid('form'));
      if (updated.ok) return renderForm(c, { person: updated.value, notice: 'Saved.' });
      const errors = fieldRefusals[updated.code];
      if (!errors) throw staffFailure(updated.code);
      return renderForm(c, { person, values: submittedValues(await c.req.parseBody()), errors }, 422);
    },
  );

  staffRoutes.post(`${path}/:id/logout`, async (c) => {
    const person = await loadPerson(c);
    const ended = await forceLogout(c.get('deps'), currentUser(c), person.id);
    if (!ended.ok) throw staffFailure(ended.code);
    const notice = sessionsEnded(ended.value);
    const action = personPath(base, roster, person.id);
    return actionDone(c, person, () => <ForceLogoutForm action={action} notice={notice} />, {
      logoutNotice: notice,
    });
  });

  staffRoutes.post(
    `${path}/:id/password`,
    validForm(passwordSchema, (c, errors) =>
      c.html(<ResetPasswordForm action={personPath(base, roster, c.req.param('id'))} errors={errors} />, 422),
    ),
    async (c) => {
      const person = await loadPerson(c);
      const reset = await resetPassword(
        c.get('deps'),
        currentUser(c),
        person.id,
        c.req.valid('form').password,
      );
      if (!reset.ok) throw staffFailure(reset.code);
      const action = personPath(base, roster, person.id);
      return actionDone(c, person, () => <ResetPasswordForm action={action} notice={PASSWORD_CHANGED} />, {
        password: { notice: PASSWORD_CHANGED },
      });
    },
  );

  if (!roster.deletable) return;
  staffRoutes.post(`${path}/:id/delete`, async (c) => {
    const person = await loadPerson(c);
    const deleted = await deleteStaffMember(c.get('deps'), currentUser(c), person.id);
    if (deleted.ok) return redirectTo(c, path);
    const error =
      deleted.code === 'user.last_admin'
        ? LAST_ADMIN
        : deleted.code === 'user.has_history'
          ? 'This person has chat history: disable the account instead.'
          : undefined;
    if (!error) throw staffFailure(deleted.code);
    return c.html(<DeleteAccountForm action={personPath(base, roster, person.id)} error={error} />, 409);
  });
}

for (const base of SHARED_CONSOLES) {
  routesFor(base, agentsSection);
  routesFor(base, staffSection);
}

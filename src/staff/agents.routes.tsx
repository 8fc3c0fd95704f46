import { type Context, Hono } from 'hono';
import { AccountActions, ForceLogoutForm, ResetPasswordForm } from '../../views/staff/account-actions.tsx';
import { AgentForm, AgentFormPage, type AgentFormProps } from '../../views/staff/agent-form-page.tsx';
import { AgentsPage } from '../../views/staff/agents-page.tsx';
import { findUserById } from '../auth/users.queries.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { validForm } from '../http/form-errors.ts';
import { redirectTo, respond } from '../http/respond.ts';
import { loadAgentDefaults } from '../settings/agent-defaults.service.ts';
import { submittedValues } from '../shared/field-errors.ts';
import { agentSettingsSchema, newAgentSchema, passwordSchema } from './staff.forms.ts';
import {
  createStaff,
  forceLogout,
  listAgents,
  resetPassword,
  type StaffError,
  updateAgent,
} from './staff.service.ts';

/** Agents console (ADMIN-3), the same pages under /admin and /manager (ADMIN-7). */
export const agentManagementRoutes = new Hono<AppEnv>();

export const CONSOLE_BASES = ['/admin', '/manager'] as const;

const baseOf = (c: Context<AppEnv>) => (c.req.path.startsWith('/manager') ? '/manager' : '/admin');

/** Failures that are not a field's fault become an error page or fragment. */
export function staffFailure(code: StaffError): AppError {
  if (code === 'user.forbidden') return new AppError(code, 403, 'Only an admin can change admins.');
  if (code === 'user.has_history') return new AppError(code, 409, 'This person has chat history.');
  return new AppError(code, 404, 'We could not find that person.');
}

function renderAgentForm(c: Context<AppEnv>, props: Omit<AgentFormProps, 'base'>, status: 200 | 422 = 200) {
  const base = baseOf(c);
  return respond(
    c,
    {
      fragment: () => <AgentForm base={base} {...props} />,
      page: () => <AgentFormPage user={currentUser(c)} base={base} {...props} />,
    },
    status,
  );
}

async function loadAgent(c: Context<AppEnv>) {
  const agent = await findUserById(c.get('deps').db, c.req.param('id') ?? '');
  if (agent?.role !== 'agent') throw staffFailure('user.not_found');
  return agent;
}

for (const base of CONSOLE_BASES) {
  agentManagementRoutes.get(`${base}/agents`, async (c) => {
    const rows = await listAgents(c.get('deps'));
    return c.html(<AgentsPage user={currentUser(c)} base={base} rows={rows} />);
  });

  agentManagementRoutes.get(`${base}/agents/new`, async (c) => {
    const defaults = await loadAgentDefaults(c.get('deps'));
    const values = {
      activeLimit: String(defaults.activeLimit),
      offlineLimit: String(defaults.offlineLimit),
      liveChatEnabled: 'on',
    };
    return renderAgentForm(c, { values });
  });

  agentManagementRoutes.post(
    `${base}/agents`,
    validForm(newAgentSchema, (c, errors, values) => renderAgentForm(c, { values, errors }, 422)),
    async (c) => {
      const form = c.req.valid('form');
      const created = await createStaff(c.get('deps'), currentUser(c), { ...form, role: 'agent' });
      if (created.ok) return redirectTo(c, `${base}/agents/${created.value.id}`);
      if (created.code !== 'user.email_taken') throw staffFailure(created.code);
      const errors = { email: 'Someone already uses this email.' };
      return renderAgentForm(c, { values: submittedValues(await c.req.parseBody()), errors }, 422);
    },
  );

  agentManagementRoutes.get(`${base}/agents/:id`, async (c) =>
    renderAgentForm(c, { agent: await loadAgent(c) }),
  );

  agentManagementRoutes.post(
    `${base}/agents/:id`,
    validForm(agentSettingsSchema, async (c, errors, values) =>
      renderAgentForm(c, { agent: await loadAgent(c), values, errors }, 422),
    ),
    async (c) => {
      const updated = await updateAgent(
        c.get('deps'),
        currentUser(c),
        c.req.param('id'),
        c.req.valid('form'),
      );
      if (!updated.ok) throw staffFailure(updated.code);
      return renderAgentForm(c, { agent: updated.value, notice: 'Saved.' });
    },
  );

  agentManagementRoutes.post(`${base}/agents/:id/logout`, async (c) => {
    const agent = await loadAgent(c);
    const ended = await forceLogout(c.get('deps'), currentUser(c), agent.id);
    if (!ended.ok) throw staffFailure(ended.code);
    const notice = `Signed out of ${ended.value} session${ended.value === 1 ? '' : 's'}.`;
    const action = `${base}/agents/${agent.id}`;
    return respond(c, {
      fragment: () => <ForceLogoutForm action={action} notice={notice} />,
      page: () => <AgentFormPage user={currentUser(c)} base={base} agent={agent} notice={notice} />,
    });
  });

  agentManagementRoutes.post(
    `${base}/agents/:id/password`,
    validForm(passwordSchema, (c, errors) =>
      c.html(<ResetPasswordForm action={`${base}/agents/${c.req.param('id')}`} errors={errors} />, 422),
    ),
    async (c) => {
      const agent = await loadAgent(c);
      const reset = await resetPassword(
        c.get('deps'),
        currentUser(c),
        agent.id,
        c.req.valid('form').password,
      );
      if (!reset.ok) throw staffFailure(reset.code);
      const action = `${base}/agents/${agent.id}`;
      const notice = 'Password changed; their sessions have ended.';
      return respond(c, {
        fragment: () => <ResetPasswordForm action={action} notice={notice} />,
        page: () => <AccountActions action={action} password={{ notice }} />,
      });
    },
  );
}

import type { StaffUser } from '../../src/auth/staff-user.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { Checkbox, FormNotice, TextField } from '../components/field.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { AccountActions } from './account-actions.tsx';

export interface AgentFormProps {
  base: string;
  /** The agent being edited; absent on "Add agent". */
  agent?: StaffUser | undefined;
  values?: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}

const checked = (values: Record<string, string> | undefined, name: string, fallback: boolean) =>
  values ? values[name] === 'on' : fallback;

/** Add/edit agent: name, limits and the Live Chat / CRM permissions (ADMIN-3, AGENT-6). */
export function AgentForm({ base, agent, values, errors = {}, notice }: AgentFormProps) {
  const action = agent ? `${base}/agents/${agent.id}` : `${base}/agents`;
  const v = (name: string, fallback: string | number) => values?.[name] ?? String(fallback);
  return (
    <form
      id="agent-form"
      class="card form"
      method="post"
      action={action}
      hx-post={action}
      hx-swap="outerHTML"
      novalidate
    >
      <h2>{agent ? 'Profile and limits' : 'New agent'}</h2>
      {notice ? <FormNotice kind="success">{notice}</FormNotice> : null}
      {errors.form ? <FormNotice kind="error">{errors.form}</FormNotice> : null}
      <TextField
        id="agent-display-name"
        name="displayName"
        label="Display name"
        hint="Visitors see this name on replies."
        value={v('displayName', agent?.displayName ?? '')}
        maxlength={120}
        required
        error={errors.displayName}
      />
      {agent ? null : (
        <>
          <TextField
            id="agent-email"
            name="email"
            type="email"
            label="Email"
            value={v('email', '')}
            autocomplete="off"
            maxlength={254}
            required
            error={errors.email}
          />
          <TextField
            id="agent-password"
            name="password"
            type="password"
            label="Initial password"
            hint="At least 10 characters; they can be asked to change it."
            autocomplete="new-password"
            maxlength={200}
            required
            error={errors.password}
          />
        </>
      )}
      <div class="field-row">
        <TextField
          id="agent-active-limit"
          name="activeLimit"
          type="number"
          label="Active chat limit"
          min={0}
          max={100}
          value={v('activeLimit', agent?.activeLimit ?? 5)}
          error={errors.activeLimit}
        />
        <TextField
          id="agent-offline-limit"
          name="offlineLimit"
          type="number"
          label="Offline chat limit"
          min={0}
          max={100}
          value={v('offlineLimit', agent?.offlineLimit ?? 10)}
          error={errors.offlineLimit}
        />
      </div>
      <fieldset class="fieldset">
        <legend>Access</legend>
        <Checkbox
          id="agent-live-chat"
          name="liveChatEnabled"
          label="Live Chat: receives and answers chats"
          checked={checked(values, 'liveChatEnabled', agent?.liveChatEnabled ?? true)}
        />
        <Checkbox
          id="agent-crm"
          name="crmEnabled"
          label="CRM Leads: works web, uploaded and sheet leads"
          checked={checked(values, 'crmEnabled', agent?.crmEnabled ?? false)}
        />
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          {agent ? 'Save changes' : 'Add agent'}
        </button>
        <a class="button button-quiet" href={`${base}/agents`}>
          {agent ? 'Back to agents' : 'Cancel'}
        </a>
      </div>
    </form>
  );
}

export function AgentFormPage(props: AgentFormProps & { user: ShellUser }) {
  const { user, agent, base } = props;
  return (
    <AppShell title={agent ? agent.displayName : 'Add agent'} user={user} currentPath={`${base}/agents`}>
      <div class="page-header">
        <div>
          <p class="breadcrumb">
            <a href={`${base}/agents`}>Agents</a>
          </p>
          <h1>{agent ? agent.displayName : 'Add agent'}</h1>
          {agent ? <p class="muted">{agent.email}</p> : null}
        </div>
      </div>
      <div class={agent ? 'grid-2' : 'narrow'}>
        <AgentForm {...props} />
        {agent ? <AccountActions action={`${base}/agents/${agent.id}`} /> : null}
      </div>
    </AppShell>
  );
}

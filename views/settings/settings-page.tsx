import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { FormNotice, SelectField, TextField } from '../components/field.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

export interface SettingsFormProps {
  values: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}

/** Global routing settings (admin only): mode, timers and default limits for new agents. */
export function SettingsForm({ values, errors = {}, notice }: SettingsFormProps) {
  const field = (name: string) => ({
    id: `settings-${name}`,
    name,
    value: values[name],
    error: errors[name],
  });
  return (
    <form
      id="settings-form"
      class="card form"
      method="post"
      action="/admin/settings"
      hx-post="/admin/settings"
      hx-swap="outerHTML"
      novalidate
    >
      {notice ? <FormNotice kind="success">{notice}</FormNotice> : null}
      <fieldset class="fieldset">
        <legend>Routing</legend>
        <SelectField
          {...field('mode')}
          label="Routing mode"
          hint="Round robin takes turns; balanced gives the chat to the agent with the fewest open chats."
          options={[
            { value: 'round_robin', label: 'Round robin' },
            { value: 'balanced', label: 'Balanced (fewest open chats)' },
          ]}
        />
      </fieldset>
      <fieldset class="fieldset">
        <legend>Timers</legend>
        <div class="field-row">
          <TextField
            {...field('visitorGoneSeconds')}
            type="number"
            min={5}
            max={600}
            label="Visitor gone after (seconds)"
          />
          <TextField
            {...field('agentGoneSeconds')}
            type="number"
            min={5}
            max={600}
            label="Agent gone after (seconds)"
          />
          <TextField
            {...field('agentIdleMinutes')}
            type="number"
            min={1}
            max={240}
            label="Idle agent sign-out (minutes)"
          />
        </div>
      </fieldset>
      <fieldset class="fieldset">
        <legend>Defaults for new agents</legend>
        <div class="field-row">
          <TextField
            {...field('defaultActiveLimit')}
            type="number"
            min={0}
            max={100}
            label="Active chat limit"
          />
          <TextField
            {...field('defaultOfflineLimit')}
            type="number"
            min={0}
            max={100}
            label="Offline chat limit"
          />
        </div>
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          Save settings
        </button>
      </div>
    </form>
  );
}

export function SettingsPage(props: SettingsFormProps & { user: ShellUser }) {
  return (
    <AppShell title="Settings" user={props.user} currentPath="/admin/settings">
      <div class="page-header">
        <div>
          <h1>Settings</h1>
          <p class="muted">Apply to every project and every instance.</p>
        </div>
      </div>
      <div class="narrow">
        <SettingsForm {...props} />
      </div>
    </AppShell>
  );
}

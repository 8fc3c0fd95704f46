import { AI_MODELS, type AiProviderName, CUSTOM_MODEL, WEEKDAYS } from '../../src/ai/ai.ts';
import type { AiConsole } from '../../src/ai/ai-agent.ts';
import { DAY_NAMES, HOURS_FIELDS } from '../../src/ai/ai-settings.forms.ts';
import { PROMPT_PLACEHOLDERS } from '../../src/ai/system-prompt.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { Checkbox, FormNotice, SelectField, TextArea, TextField } from '../components/field.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { AiSideCards, aiIds, type KeyCardProps } from './ai-side-cards.tsx';

/** The AI settings page (ADMIN-5, AI-1): admin only. The API key is never part of the form. */
export const AI_PATH = '/admin/ai';

const PROVIDER_LABEL: Record<AiProviderName, string> = {
  anthropic: 'Anthropic (recommended)',
  openai: 'OpenAI',
};

export interface AiSettingsFormProps {
  values: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}

const MODEL_GROUPS = (Object.keys(AI_MODELS) as AiProviderName[]).map((provider) => ({
  label: provider === 'anthropic' ? 'Anthropic' : 'OpenAI',
  options: AI_MODELS[provider].map((model) => ({ value: model.id, label: model.label })),
}));

const modelNote = (id: string | undefined) =>
  Object.values(AI_MODELS)
    .flat()
    .find((model) => model.id === id)?.note ?? 'Enter the id below, exactly as the provider names it.';

export function AiSettingsForm({ values, errors = {}, notice }: AiSettingsFormProps) {
  const field = (name: string) => ({ id: `ai-${name}`, name, value: values[name], error: errors[name] });
  const checked = (name: string) => values[name] === 'on';
  return (
    <form
      id={aiIds.form}
      class="card form"
      method="post"
      action={AI_PATH}
      hx-post={AI_PATH}
      hx-swap="outerHTML"
      novalidate
    >
      {notice ? <FormNotice kind="success">{notice}</FormNotice> : null}
      {Object.keys(errors).length > 0 ? (
        <FormNotice kind="error">Nothing was saved: check the fields marked below.</FormNotice>
      ) : null}
      <fieldset class="fieldset">
        <legend>Agent</legend>
        <Checkbox
          {...field('enabled')}
          checked={checked('enabled')}
          label="AI agent on"
          hint="Off: every chat routes as if the AI did not exist, and chats it holds go to the human queue at once."
        />
        <div class="field-row">
          <SelectField
            {...field('provider')}
            label="Provider"
            options={(['anthropic', 'openai'] as const).map((p) => ({ value: p, label: PROVIDER_LABEL[p] }))}
          />
          <SelectField
            {...field('model')}
            label="Model"
            hint={modelNote(values.model)}
            groups={MODEL_GROUPS}
            options={[{ value: CUSTOM_MODEL, label: 'Custom model id…' }]}
          />
        </div>
        <TextField
          {...field('customModel')}
          label="Custom model id"
          maxlength={200}
          hint="Only with “Custom model id…”, e.g. a dated snapshot or a gateway's model name."
        />
        <div class="field-row">
          <TextField
            {...field('maxTokens')}
            type="number"
            min={64}
            max={32000}
            label="Max tokens per reply"
          />
          <TextField
            {...field('timeoutSeconds')}
            type="number"
            min={2}
            max={55}
            label="Reply deadline (seconds)"
          />
        </div>
        <details class="ai-advanced">
          <summary>Gateway (advanced)</summary>
          <TextField
            {...field('baseUrl')}
            type="url"
            label="Base URL"
            hint="Empty for the provider itself. For an OpenAI-compatible gateway include /v1."
          />
          <SelectField
            {...field('openaiApi')}
            label="OpenAI API"
            hint="Responses for OpenAI (tools work only there on current models); Chat Completions for gateways."
            options={[
              { value: 'responses', label: 'Responses' },
              { value: 'chat_completions', label: 'Chat Completions' },
            ]}
          />
        </details>
      </fieldset>
      <fieldset class="fieldset">
        <legend>What the AI says</legend>
        <TextArea
          {...field('systemPromptTemplate')}
          label="System prompt"
          rows={12}
          maxlength={20000}
          mono
          hint={`Placeholders: ${PROMPT_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}. Each project's AI instructions (Projects tab) fill {{project_instructions}}.`}
        />
        <TextArea
          {...field('escalationPolicy')}
          label="Escalation policy"
          rows={3}
          maxlength={4000}
          hint="When the AI hands over to a person. It then says one line, writes a summary note for the team and never takes the chat again."
        />
      </fieldset>
      <fieldset class="fieldset">
        <legend>When the AI answers</legend>
        <Checkbox
          {...field('onlyWhenNoHuman')}
          checked={checked('onlyWhenNoHuman')}
          label="Only when no human is eligible"
          hint="On: the AI takes a chat only when no agent is online, in Live Chat, off break and below their limit, and hands it to one as soon as one is. Off: the AI answers first."
        />
        <div class="field-row">
          <SelectField
            {...field('availabilityMode')}
            label="Availability"
            options={[
              { value: 'always', label: '24/7' },
              { value: 'hours', label: 'Weekly hours' },
            ]}
          />
          <TextField {...field('timeZone')} label="Time zone" hint="IANA name, e.g. Europe/Berlin." />
        </div>
        <div class="ai-hours field-row">
          {WEEKDAYS.map((day) => (
            <TextField {...field(HOURS_FIELDS[day])} label={DAY_NAMES[day]} placeholder="e.g. 09:00-17:00" />
          ))}
        </div>
        <p class="ai-note">
          With weekly hours the AI takes chats only inside them, in this time zone (daylight saving included).
          Empty day: closed. A range may run past midnight, e.g. 22:00-06:00.
        </p>
      </fieldset>
      <fieldset class="fieldset">
        <legend>Cost controls</legend>
        <div class="field-row">
          <TextField
            {...field('replyCapPerConversation')}
            type="number"
            min={1}
            max={500}
            label="Replies per chat"
          />
          <TextField {...field('rateLimitCount')} type="number" min={1} label="Replies per visitor" />
          <TextField {...field('rateLimitWindowMinutes')} type="number" min={1} label="… within (minutes)" />
        </div>
        <p class="ai-note">
          When a chat or a visitor reaches a limit, the chat goes quietly to the human queue: the visitor sees
          they are waiting for a specialist, with their place in line, never an error.
        </p>
      </fieldset>
      <fieldset class="fieldset">
        <legend>Pacing</legend>
        <div class="field-row">
          <TextField {...field('readDelayMs')} type="number" min={0} label="Pause before reading (ms)" />
          <TextField {...field('typingMsPerChar')} type="number" min={0} label="Typing per character (ms)" />
          <TextField {...field('typingMinMs')} type="number" min={0} label="Shortest typing (ms)" />
          <TextField {...field('typingMaxMs')} type="number" min={0} label="Longest typing (ms)" />
        </div>
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          Save AI settings
        </button>
      </div>
    </form>
  );
}

const BREAKER_LABEL: Record<AiConsole['breaker'], string> = {
  closed: 'Provider healthy',
  open: 'Paused after repeated failures: chats go to humans',
  half_open: 'Checking whether the provider recovered',
};

export interface AiSettingsPageProps extends AiSettingsFormProps {
  user: ShellUser;
  console: AiConsole;
  keyCard?: Partial<KeyCardProps>;
}

export function AiSettingsPage(props: AiSettingsPageProps) {
  const { console: state } = props;
  return (
    <AppShell
      title="AI agent"
      user={props.user}
      currentPath={AI_PATH}
      styles={['/static/css/console-ai.css']}
    >
      <div class="page-header">
        <div>
          <h1>AI agent</h1>
          <p class="muted">Answers chats when no one on the team can, and hands over when asked.</p>
        </div>
        <p class="ai-status" id={aiIds.status}>
          <span class={`pill ${state.settings.enabled ? 'pill-success' : 'pill-closed'}`}>
            {state.settings.enabled ? 'On' : 'Off'}
          </span>
          <span class={`pill ${state.breaker === 'closed' ? 'pill-info' : 'pill-warning'}`}>
            {BREAKER_LABEL[state.breaker]}
          </span>
          <span class="muted small">
            {state.heldChats === 1 ? 'Holding 1 chat' : `Holding ${state.heldChats} chats`}
          </span>
        </p>
      </div>
      <div class="grid-2">
        <AiSettingsForm values={props.values} errors={props.errors} notice={props.notice} />
        <AiSideCards
          keys={state.keys}
          provider={state.settings.provider}
          events={state.events}
          timeZone={state.settings.availability.timeZone}
          {...props.keyCard}
        />
      </div>
    </AppShell>
  );
}

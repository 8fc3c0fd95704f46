import { type AiProviderName, failureLabel } from '../../src/ai/ai.ts';
import { type AiEvent, type ApiKeyStatus, costControlLabel } from '../../src/ai/ai-agent.ts';
import type { ConnectionCheck } from '../../src/ai/provider.ts';
import { FormNotice, SelectField, TextField } from '../components/field.tsx';

/** Stable ids of the AI page's swapped regions (each written here once). */
export const aiIds = {
  form: 'ai-settings-form',
  status: 'ai-status',
  keyCard: 'ai-key-card',
  testResult: 'ai-test-result',
  events: 'ai-events',
} as const;

const PROVIDERS: Array<{ id: AiProviderName; label: string }> = [
  { id: 'anthropic', label: 'Anthropic' },
  { id: 'openai', label: 'OpenAI' },
];

function KeyState({ status }: { status: ApiKeyStatus }) {
  if (status.state === 'saved') return <span class="mono">{status.masked}</span>;
  if (status.state === 'unreadable') {
    return <span class="ai-key-problem">Saved with another SECRET_KEY: enter it again</span>;
  }
  return <span class="muted">Not set</span>;
}

export interface KeyCardProps {
  keys: Readonly<Record<AiProviderName, ApiKeyStatus>>;
  /** The provider the settings use: preselected in the key form. */
  provider: AiProviderName;
  error?: string;
  notice?: string;
}

/**
 * The API keys (ADMIN-5): shown only as masks, replaced by typing a new one, never rendered back.
 * The key input has no value attribute, even after a refused submission.
 */
export function KeyCard({ keys, provider, error, notice }: KeyCardProps) {
  return (
    <section id={aiIds.keyCard} class="card ai-card" aria-labelledby="ai-key-title">
      <h2 id="ai-key-title">API keys</h2>
      {notice ? <FormNotice kind="success">{notice}</FormNotice> : null}
      <dl class="ai-keys">
        {PROVIDERS.map((p) => (
          <div>
            <dt>{p.label}</dt>
            <dd>
              <KeyState status={keys[p.id]} />
            </dd>
          </div>
        ))}
      </dl>
      <form
        class="ai-key-form"
        method="post"
        action="/admin/ai/key"
        hx-post="/admin/ai/key"
        hx-target={`#${aiIds.keyCard}`}
        hx-swap="outerHTML"
        autocomplete="off"
        novalidate
      >
        <SelectField
          id="ai-key-provider"
          name="provider"
          label="For"
          value={provider}
          options={PROVIDERS.map((p) => ({ value: p.id, label: p.label }))}
        />
        {/* Never a value attribute: a saved or refused key is not sent back to the browser. */}
        <TextField
          id="ai-api-key"
          name="apiKey"
          type="password"
          label="New API key"
          autocomplete="new-password"
          maxlength={500}
          error={error}
          hint="Stored encrypted; this page only ever shows its first and last characters."
        />
        <div class="form-actions">
          <button type="submit" class="button button-primary button-small">
            Save key
          </button>
          <button
            type="submit"
            class="button button-danger-quiet button-small"
            formaction="/admin/ai/key/remove"
            hx-post="/admin/ai/key/remove"
            hx-target={`#${aiIds.keyCard}`}
            hx-swap="outerHTML"
            hx-confirm="Remove the saved key for this provider? The AI stops answering with it."
          >
            Remove key
          </button>
        </div>
      </form>
    </section>
  );
}

/** The answer of "Test connection": swapped into the card. */
export function TestResult({ check }: { check?: ConnectionCheck }) {
  return (
    <div id={aiIds.testResult} role="status" aria-live="polite">
      {check === undefined ? null : check.ok ? (
        <FormNotice kind="success">
          Connected: {check.model} answered in {check.latencyMs} ms.
        </FormNotice>
      ) : (
        <FormNotice kind="error">
          {failureLabel[check.reason]}: {check.detail}
        </FormNotice>
      )}
    </div>
  );
}

function TestCard() {
  return (
    <section class="card ai-card" aria-labelledby="ai-test-title">
      <h2 id="ai-test-title">Connection</h2>
      <p class="muted small">One tiny request with the saved key, model and gateway.</p>
      <form
        method="post"
        action="/admin/ai/test"
        hx-post="/admin/ai/test"
        hx-target={`#${aiIds.testResult}`}
        hx-swap="outerHTML"
      >
        <button type="submit" class="button button-small">
          Test connection
        </button>
      </form>
      <TestResult />
    </section>
  );
}

const reasonLabel = (reason: AiEvent['reason']): string =>
  reason in failureLabel
    ? failureLabel[reason as keyof typeof failureLabel]
    : costControlLabel[reason as keyof typeof costControlLabel];

function eventTime(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'medium',
    }).format(new Date(iso));
  } catch {
    return iso;
  }
}

/** The last failures and cost-control hits, newest first, with their time in the AI's time zone. */
export function EventList({ events, timeZone }: { events: AiEvent[]; timeZone: string }) {
  return (
    <section id={aiIds.events} class="card ai-card" aria-labelledby="ai-events-title">
      <div class="ai-card-header">
        <h2 id="ai-events-title">Recent problems</h2>
        <button
          type="button"
          class="button button-quiet button-small"
          hx-get="/admin/ai/errors"
          hx-target={`#${aiIds.events}`}
          hx-swap="outerHTML"
        >
          Refresh
        </button>
      </div>
      {events.length === 0 ? (
        <p class="muted small">None. Every failure sends the chat to the human queue and is listed here.</p>
      ) : (
        <ol class="ai-events">
          {events.map((event) => (
            <li>
              <time datetime={event.occurredAt}>{eventTime(event.occurredAt, timeZone)}</time>
              <strong>{reasonLabel(event.reason)}</strong>
              <span class="ai-event-detail">{event.detail}</span>
              <span class="muted small">
                {event.provider} · {event.model}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function AiSideCards(props: KeyCardProps & { events: AiEvent[]; timeZone: string }) {
  return (
    <div class="stack">
      <KeyCard keys={props.keys} provider={props.provider} error={props.error} notice={props.notice} />
      <TestCard />
      <EventList events={props.events} timeZone={props.timeZone} />
    </div>
  );
}

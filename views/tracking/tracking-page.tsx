import type { FieldErrors } from '../../src/shared/field-errors.ts';
import type { OutboxLogRow, TrackingSettingsView } from '../../src/tracking/outbox.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Checkbox, FormNotice, SelectField, TextField } from '../components/field.tsx';
import { KeysetPager } from '../components/keyset-pager.tsx';
import { TableHead } from '../components/table-head.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

/**
 * A project's conversion tracking (TRACK-3, issue 16): Meta Conversions API and GA4 Measurement
 * Protocol settings (secrets shown as set / not set, never rendered back), the test events, and
 * the delivery log of the outbox with a retry for events that gave up.
 */
export interface TrackingSettingsProps {
  settings: TrackingSettingsView;
  values?: Record<string, string>;
  errors?: FieldErrors;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}

export interface DeliveryLogProps {
  projectId: string;
  query: Record<string, string>;
  rows: OutboxLogRow[];
  nextCursor: string | undefined;
  last24h: { sent: number; failed: number };
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}

export interface TrackingPageProps {
  user: ShellUser;
  settings: TrackingSettingsProps;
  log: DeliveryLogProps;
}

export const trackingIds = {
  settings: 'tracking-settings',
  test: 'tracking-test',
  log: 'delivery-log',
} as const;

export function trackingValues(s: TrackingSettingsView): Record<string, string> {
  return {
    metaPixelId: s.metaPixelId,
    metaTestEventCode: s.metaTestEventCode,
    metaNotQualifiedEvent: s.metaNotQualifiedEvent,
    ga4MeasurementId: s.ga4MeasurementId,
    ga4Side: s.ga4Side,
    defaultCurrency: s.defaultCurrency,
  };
}

const sideLabel: Record<string, string> = {
  server: 'the server (Measurement Protocol)',
  browser: 'the browser (your GTM GA4 tag on the dataLayer event)',
  none: 'nowhere',
};

export function TrackingSettingsForm({ settings, values, errors = {}, notice }: TrackingSettingsProps) {
  const shown = values ?? trackingValues(settings);
  const action = `/admin/projects/${settings.project.id}/tracking`;
  const field = (name: string) => ({
    id: `tracking-${name}`,
    name,
    value: shown[name] ?? '',
    error: errors[name],
  });
  return (
    <form
      id={trackingIds.settings}
      class="card form"
      method="post"
      action={action}
      hx-post={action}
      hx-swap="outerHTML"
      aria-labelledby="tracking-heading"
      novalidate
    >
      <h2 id="tracking-heading">Conversion tracking</h2>
      {notice ? <FormNotice kind={notice.kind}>{notice.text}</FormNotice> : null}
      {Object.keys(errors).length > 0 ? (
        <FormNotice kind="error">Check the highlighted fields.</FormNotice>
      ) : null}
      <fieldset>
        <legend>Meta Conversions API</legend>
        <TextField {...field('metaPixelId')} label="Pixel (dataset) id" maxlength={30} autocomplete="off" />
        <TextField
          id="tracking-metaAccessToken"
          name="metaAccessToken"
          type="password"
          autocomplete="new-password"
          maxlength={400}
          label={`Access token (${settings.metaTokenSet ? 'set' : 'not set'})`}
          hint={
            settings.metaTokenSet
              ? 'Leave blank to keep the saved token; type a new one to replace it.'
              : 'Events Manager → your dataset → Settings → Conversions API → Generate access token.'
          }
          error={errors.metaAccessToken}
        />
        {settings.metaTokenSet ? (
          <Checkbox
            id="tracking-metaAccessTokenClear"
            name="metaAccessTokenClear"
            label="Remove the saved token"
            checked={false}
          />
        ) : null}
        <TextField
          {...field('metaTestEventCode')}
          label="Test event code (optional)"
          maxlength={64}
          hint="While set, every event goes to Test events only. Clear it to go live."
        />
        <TextField
          {...field('metaNotQualifiedEvent')}
          label="Custom event for Not Qualified"
          maxlength={40}
          placeholder="LeadDisqualified"
          hint="Meta has no standard event for it. Blank = LeadDisqualified."
        />
      </fieldset>
      <fieldset>
        <legend>Google Analytics 4 (Measurement Protocol)</legend>
        <TextField
          {...field('ga4MeasurementId')}
          label="Measurement id"
          maxlength={20}
          placeholder="G-XXXXXXXXXX"
        />
        <TextField
          id="tracking-ga4ApiSecret"
          name="ga4ApiSecret"
          type="password"
          autocomplete="new-password"
          maxlength={100}
          label={`API secret (${settings.ga4SecretSet ? 'set' : 'not set'})`}
          hint={
            settings.ga4SecretSet
              ? 'Leave blank to keep the saved secret; type a new one to replace it.'
              : 'GA4 Admin → Data streams → your stream → Measurement Protocol API secrets → Create.'
          }
          error={errors.ga4ApiSecret}
        />
        {settings.ga4SecretSet ? (
          <Checkbox
            id="tracking-ga4ApiSecretClear"
            name="ga4ApiSecretClear"
            label="Remove the saved secret"
            checked={false}
          />
        ) : null}
        <SelectField
          {...field('ga4Side')}
          label="Send GA4 lead events from"
          hint={`GA4 cannot de-duplicate, so each event comes from one side only. Now: ${sideLabel[settings.effectiveGa4Side]}.`}
          options={[
            { value: '', label: 'Automatic: the server when the API secret is set, else the browser' },
            { value: 'server', label: 'The server (Measurement Protocol)' },
            { value: 'browser', label: 'The browser (GTM tag on the dataLayer event)' },
            { value: 'none', label: 'Neither' },
          ]}
        />
      </fieldset>
      <TextField
        {...field('defaultCurrency')}
        label="Currency of Converted values"
        maxlength={3}
        placeholder="USD"
        hint="ISO 4217, e.g. USD, EUR, INR. Blank = USD."
      />
      <button type="submit" class="button button-primary">
        Save tracking settings
      </button>
    </form>
  );
}

export function TrackingTest({
  projectId,
  outcome,
}: {
  projectId: string;
  outcome?: { ok: boolean; text: string } | undefined;
}) {
  const action = `/admin/projects/${projectId}/tracking/test`;
  return (
    <section id={trackingIds.test} class="card" aria-labelledby="tracking-test-heading">
      <h2 id="tracking-test-heading">Send a test event</h2>
      <p class="muted">
        Meta gets a test Lead with your test event code (it shows under Test events and counts nowhere); GA4's
        validation server checks a qualify_lead event (nothing reaches your reports).
      </p>
      {outcome ? <FormNotice kind={outcome.ok ? 'success' : 'error'}>{outcome.text}</FormNotice> : null}
      <div class="header-actions">
        {(['meta', 'ga4'] as const).map((platform) => (
          <form
            method="post"
            action={action}
            hx-post={action}
            hx-target={`#${trackingIds.test}`}
            hx-swap="outerHTML"
          >
            <input type="hidden" name="platform" value={platform} />
            <button type="submit" class="button">
              {platform === 'meta' ? 'Send a test event to Meta' : 'Validate with GA4'}
            </button>
          </form>
        ))}
      </div>
    </section>
  );
}

/** UTC, to the minute: the log is read against the platforms' own (UTC) event times. */
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const statusLabel: Record<string, string> = {
  pending: 'Waiting',
  sent: 'Delivered',
  failed: 'Failed',
  refused: 'Refused',
};

const stageLabel: Record<string, string> = {
  qualified: 'Qualified',
  not_qualified: 'Not qualified',
  converted: 'Converted',
};

export function DeliveryLog(props: DeliveryLogProps) {
  const { projectId, rows, last24h, notice } = props;
  const path = `/admin/projects/${projectId}/tracking`;
  const swap = { 'hx-target': `#${trackingIds.log}`, 'hx-swap': 'outerHTML' };
  return (
    <section id={trackingIds.log} class="card" aria-labelledby="delivery-log-heading">
      <h2 id="delivery-log-heading">Delivery log</h2>
      <p class="muted">
        Last 24 hours: <strong>{last24h.sent}</strong> delivered, <strong>{last24h.failed}</strong> failed.
      </p>
      {notice ? <FormNotice kind={notice.kind}>{notice.text}</FormNotice> : null}
      {rows.length === 0 ? (
        <p class="muted">
          No conversion events yet. They appear when a lead becomes Qualified, Not qualified or Converted.
        </p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <TableHead
              columns={[
                { label: 'When' },
                { label: 'Platform' },
                { label: 'Event' },
                { label: 'Stage', hideOnPhone: true },
                { label: 'Status' },
                { label: 'Attempts', hideOnPhone: true },
                { label: 'Last error', hideOnPhone: true },
                { label: 'Actions', visuallyHidden: true },
              ]}
            />
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td data-label="When">{when(row.createdAt)}</td>
                  <td data-label="Platform">{row.platform === 'meta' ? 'Meta' : 'GA4'}</td>
                  <td data-label="Event">{row.eventName ?? ''}</td>
                  <td data-label="Stage" class="hide-sm">
                    {stageLabel[row.stage ?? ''] ?? row.stage ?? ''}
                  </td>
                  <td data-label="Status">
                    {statusLabel[row.status] ?? row.status}
                    {row.lastHttpStatus === null ? '' : ` (HTTP ${row.lastHttpStatus})`}
                  </td>
                  <td data-label="Attempts" class="hide-sm">
                    {row.attempts}
                  </td>
                  <td data-label="Last error" class="hide-sm">
                    {row.lastError ?? ''}
                  </td>
                  <td>
                    {row.status === 'failed' ? (
                      <form
                        method="post"
                        action={`${path}/events/${row.id}/retry`}
                        hx-post={`${path}/events/${row.id}/retry`}
                        {...swap}
                      >
                        <button type="submit" class="button button-small">
                          Retry
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <KeysetPager path={path} query={props.query} nextCursor={props.nextCursor} swap={swap} />
    </section>
  );
}

export function TrackingPage({ user, settings, log }: TrackingPageProps) {
  const project = settings.settings.project;
  return (
    <AppShell title={`Conversion tracking · ${project.name}`} user={user} currentPath="/admin/projects">
      <div class="page-header">
        <div>
          <Breadcrumb
            parent={{ href: `/admin/projects/${project.id}`, label: project.name }}
            current="Conversion tracking"
          />
          <h1>Conversion tracking</h1>
          <p class="muted">
            Qualified, Not qualified and Converted leads go back to Meta and GA4 from the server; staff pages
            also push a <code>lead_stage_changed</code> event to the page's dataLayer for your GTM tags. The
            README's "Conversion tracking" section walks through the setup.
          </p>
        </div>
      </div>
      <TrackingSettingsForm {...settings} />
      <TrackingTest projectId={project.id} />
      <DeliveryLog {...log} />
    </AppShell>
  );
}

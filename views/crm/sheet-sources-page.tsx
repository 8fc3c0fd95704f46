import { DEFAULT_POLL_INTERVAL_S, type SheetSourceRow } from '../../src/crm/sheet-sources.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { SelectField, TextArea, TextField } from '../components/field.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { defaultOwnerOptions, defaultStageOptions } from './crm-labels.ts';

/** Google Sheets lead sources (CRM-6): the list with each source's state, and the add/edit form. */
export const SHEET_SOURCES_PATH = '/admin/lead-sources';
export const sheetSourcePath = (id: string) => `${SHEET_SOURCES_PATH}/${id}`;

type Option = { id: string; name: string };
const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');

function SourceState({ source }: { source: SheetSourceRow }) {
  if (!source.enabled) return <span class="badge">Disabled: never polls</span>;
  if (source.last_error)
    return (
      <span class="source-error" role="status">
        <strong>Failed {when(source.last_error_at)}:</strong> {source.last_error} Next try{' '}
        {when(source.next_poll_at)}.
      </span>
    );
  if (source.last_success_at)
    return (
      <span>
        Read {when(source.last_success_at)}: {source.last_result}
      </span>
    );
  return <span class="muted">Not polled yet.</span>;
}

export function SheetSourcesPage(props: {
  user: ShellUser;
  sources: SheetSourceRow[];
  projects: Option[];
  owners: Option[];
  form?: { values: Record<string, string>; errors: FieldErrors } | undefined;
}) {
  return (
    <AppShell title="Google Sheets sources" user={props.user} currentPath={SHEET_SOURCES_PATH}>
      <div class="page-header">
        <div>
          <h1>Google Sheets lead sources</h1>
          <p class="muted">
            New rows of a sheet (a Google Form’s responses, an ad platform’s lead sheet) become leads. Each
            source reads its sheet with a Google service account: share the sheet with the account’s address
            as a Viewer.
          </p>
        </div>
      </div>
      <section class="card" aria-labelledby="sources-heading">
        <h2 id="sources-heading">Sources</h2>
        {props.sources.length === 0 ? (
          <p class="muted">No source yet.</p>
        ) : (
          <table class="table" id="sheet-sources">
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Shared with</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {props.sources.map((source) => (
                <tr id={`source-${source.id}`}>
                  <td>
                    <a href={sheetSourcePath(source.id)}>{source.name}</a>
                    <div class="muted">
                      {source.sheet_range}, every {source.poll_interval_s} s
                    </div>
                  </td>
                  <td>
                    <code>{source.client_email}</code>
                  </td>
                  <td>
                    <SourceState source={source} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <SheetSourceForm
        action={SHEET_SOURCES_PATH}
        heading="Add a source"
        projects={props.projects}
        owners={props.owners}
        values={props.form?.values ?? { poll_interval_s: String(DEFAULT_POLL_INTERVAL_S) }}
        errors={props.form?.errors ?? {}}
      />
    </AppShell>
  );
}

function SheetSourceForm(props: {
  action: string;
  heading: string;
  projects: Option[];
  owners: Option[];
  values: Record<string, string>;
  errors: FieldErrors;
  source?: SheetSourceRow | undefined;
}) {
  const { values, errors, source } = props;
  return (
    <form method="post" action={props.action} class="card stack-form" aria-label={props.heading}>
      <h2>{props.heading}</h2>
      <TextField
        id="source-name"
        name="name"
        label="Name"
        value={values.name}
        error={errors.name}
        maxlength={160}
      />
      <div class={errors.project ? 'field field-invalid' : 'field'}>
        <label for="source-project">Project</label>
        <select id="source-project" name="project">
          {props.projects.map((project) => (
            <option value={project.id} selected={project.id === values.project}>
              {project.name}
            </option>
          ))}
        </select>
        {errors.project ? <p class="field-error">{errors.project}</p> : null}
      </div>
      <TextField
        id="source-sheet"
        name="spreadsheet_id"
        label="Spreadsheet address or id"
        value={values.spreadsheet_id}
        error={errors.spreadsheet_id}
        hint="https://docs.google.com/spreadsheets/d/<id>/edit: the address is fine."
      />
      <TextField
        id="source-range"
        name="range"
        label="Tab or range"
        value={values.range}
        error={errors.range}
        hint="The first row is the header, e.g. Form Responses 1 or Sheet1!A:H."
      />
      <TextArea
        id="source-mapping"
        name="mapping"
        label="Column mapping (optional)"
        value={values.mapping}
        error={errors.mapping}
        rows={4}
        mono
        hint="One “Field = Sheet header” per line, e.g. “Phone = WhatsApp number”. Empty: suggested from the header row."
      />
      <TextField
        id="source-interval"
        name="poll_interval_s"
        label="Poll every (seconds)"
        type="number"
        value={values.poll_interval_s}
        error={errors.poll_interval_s}
      />
      <TextField
        id="source-country"
        name="default_country"
        label="Default country for numbers without +code"
        value={values.default_country}
        error={errors.default_country}
        maxlength={2}
      />
      <SelectField
        id="source-stage"
        name="default_stage"
        label="Stage of the imported leads"
        value={values.default_stage ?? ''}
        error={errors.default_stage}
        hint="For rows without a stage column (or with an empty one)."
        options={defaultStageOptions()}
      />
      <SelectField
        id="source-owner"
        name="default_owner"
        label="Owner of the imported leads"
        value={values.default_owner ?? ''}
        error={errors.default_owner}
        hint="Agents with CRM Leads. A merged row keeps the existing lead’s owner."
        options={defaultOwnerOptions(props.owners)}
      />
      <TextArea
        id="source-key"
        name="key_json"
        label={source ? 'Replace the service-account JSON key (optional)' : 'Service-account JSON key'}
        error={errors.key_json}
        rows={4}
        mono
        spellcheck={false}
        hint={
          source
            ? `A key for ${source.client_email ?? 'the account'} is saved; it is never shown. Paste a new one to replace it.`
            : 'Paste the whole file Google downloaded. It is stored encrypted and never shown again.'
        }
      />
      {source ? (
        <label>
          <input type="checkbox" name="enabled" checked={values.enabled === 'on'} /> Enabled (polls every
          interval)
        </label>
      ) : null}
      <button type="submit" class="button button-primary">
        Save
      </button>
    </form>
  );
}

export function SheetSourcePage(props: {
  user: ShellUser;
  source: SheetSourceRow;
  projects: Option[];
  owners: Option[];
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { source } = props;
  return (
    <AppShell title="Google Sheets source" user={props.user} currentPath={SHEET_SOURCES_PATH}>
      <div class="page-header">
        <div>
          <h1>{source.name}</h1>
          <p>
            Share the sheet with <code id="client-email">{source.client_email}</code> as a Viewer.
          </p>
          <p>
            <SourceState source={source} />
          </p>
        </div>
      </div>
      <form method="post" action={`${sheetSourcePath(source.id)}/enabled`} class="inline-form">
        <input type="hidden" name="enabled" value={source.enabled ? '0' : '1'} />
        <button type="submit" class="button">
          {source.enabled ? 'Disable' : 'Enable'}
        </button>
      </form>
      <SheetSourceForm
        action={sheetSourcePath(source.id)}
        heading="Edit the source"
        projects={props.projects}
        owners={props.owners}
        values={props.values}
        errors={props.errors}
        source={source}
      />
      <p>
        <a href={SHEET_SOURCES_PATH}>All sources</a>
      </p>
    </AppShell>
  );
}

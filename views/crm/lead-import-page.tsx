import { csvEncodingLabel } from '../../src/crm/csv-decoding.ts';
import type { CsvPreview } from '../../src/crm/csv-import.ts';
import type { ColumnMapping } from '../../src/crm/lead-import.ts';
import { IMPORT_FIELDS, type ImportField, importFieldLabel } from '../../src/crm/lead-import.ts';
import { importProgress, type LeadImportRow } from '../../src/crm/lead-imports.ts';
import { LEAD_STAGES, leadStageLabel } from '../../src/leads/lead-stage.ts';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { leadsPath } from './crm-labels.ts';

/** CSV upload (CRM-5): the upload form, the preview with its column mapping, the per-row report. */
export const importsPath = (base: string) => `${leadsPath(base)}/import`;
export const importPath = (base: string, id: string) => `${importsPath(base)}/${id}`;

type Notice = { kind: 'error' | 'success'; text: string } | undefined;
type Option = { id: string; name: string };

const statusLabel: Record<string, string> = {
  uploaded: 'Waiting for its mapping',
  importing: 'Importing…',
  done: 'Imported',
  failed: 'Stopped',
  expired: 'Expired: not imported within a day, upload it again',
};

function NoticeBox({ notice }: { notice: Notice }) {
  if (!notice) return null;
  return (
    <p class={notice.kind === 'error' ? 'notice notice-error' : 'notice notice-success'} role="alert">
      {notice.text}
    </p>
  );
}

export function LeadImportsPage(props: {
  base: string;
  user: ShellUser;
  imports: LeadImportRow[];
  projects: Option[];
  maxMegabytes: number;
  notice?: Notice;
}) {
  const { base } = props;
  return (
    <AppShell title="Import leads" user={props.user} currentPath={leadsPath(base)}>
      <div class="page-header">
        <div>
          <h1>Import leads from a CSV file</h1>
          <p class="muted">
            Save the sheet as “CSV UTF-8” (comma, semicolon or tab separated; UTF-16 with a byte-order mark
            works too), up to {props.maxMegabytes} MB. You map its columns on the next step.
          </p>
        </div>
      </div>
      <NoticeBox notice={props.notice} />
      <form
        class="card stack-form"
        method="post"
        action={importsPath(base)}
        enctype="multipart/form-data"
        aria-label="Upload a CSV file"
      >
        <div class="field">
          <label for="import-project">Project</label>
          <select id="import-project" name="project" required>
            {props.projects.map((project) => (
              <option value={project.id}>{project.name}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="import-file">CSV file</label>
          <input id="import-file" name="file" type="file" accept=".csv,.tsv,.txt,text/csv" required />
        </div>
        <button type="submit" class="button button-primary">
          Upload and preview
        </button>
      </form>
      <section class="card" aria-labelledby="recent-imports">
        <h2 id="recent-imports">Recent imports</h2>
        {props.imports.length === 0 ? (
          <p class="muted">No file has been imported yet.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Uploaded (UTC)</th>
                <th scope="col">Status</th>
                <th scope="col">Rows</th>
              </tr>
            </thead>
            <tbody>
              {props.imports.map((row) => (
                <tr>
                  <td>
                    <a href={importPath(base, row.id)}>{row.file_name}</a>
                  </td>
                  <td>{row.created_at.slice(0, 16).replace('T', ' ')}</td>
                  <td>{statusLabel[row.status] ?? row.status}</td>
                  <td>
                    {row.status === 'uploaded'
                      ? ''
                      : row.status === 'importing' && row.total_rows !== null
                        ? `${row.data_rows} of ${row.total_rows}`
                        : row.data_rows}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AppShell>
  );
}

const fieldOptions = (selected: ImportField | undefined) => [
  <option value="" selected={selected === undefined}>
    — Ignore —
  </option>,
  ...IMPORT_FIELDS.map((field) => (
    <option value={field} selected={field === selected}>
      {importFieldLabel[field]}
    </option>
  )),
];

export function LeadImportMappingPage(props: {
  base: string;
  user: ShellUser;
  row: LeadImportRow;
  preview: CsvPreview;
  mapping: ColumnMapping;
  remembered: boolean;
  agents: Option[];
  defaultCountry: string;
  notice?: Notice;
}) {
  const { base, row, preview, mapping } = props;
  const fieldOf = new Map<number, ImportField>(
    (Object.entries(mapping) as [ImportField, number][]).map(([field, index]) => [index, field]),
  );
  const encoding =
    csvEncodingLabel[preview.encoding] +
    (preview.encoding === 'windows-1252' ? ' (if accents look wrong, save the file as CSV UTF-8)' : '');
  const delimiter = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' }[preview.delimiter];
  return (
    <AppShell title="Import leads" user={props.user} currentPath={leadsPath(base)}>
      <div class="page-header">
        <div>
          <h1>Map the columns of {row.file_name}</h1>
          <p class="muted">
            Read as {encoding}, separated by {delimiter}.{' '}
            {props.remembered
              ? 'The mapping of this project’s last import is filled in.'
              : 'A mapping is suggested from the headers.'}
          </p>
        </div>
      </div>
      <NoticeBox notice={props.notice} />
      <form method="post" action={importPath(base, row.id)} class="stack-form" aria-label="Column mapping">
        <div class="table-wrap card">
          <table class="table" id="import-preview">
            <thead>
              <tr>
                <th scope="col">Row</th>
                {preview.headers.map((header, index) => (
                  <th scope="col">
                    <label for={`map-${index}`}>{header || `Column ${index + 1}`}</label>
                    <select id={`map-${index}`} name={`map_${index}`}>
                      {fieldOptions(fieldOf.get(index))}
                    </select>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((previewRow) => (
                <tr>
                  <td>{previewRow.rowNumber}</td>
                  {preview.headers.map((_, index) => (
                    <td>{previewRow.cells[index] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="card stack-form">
          <div class="field">
            <label for="import-country">Default country for numbers without +code</label>
            <input
              type="text"
              id="import-country"
              name="default_country"
              value={props.defaultCountry}
              maxlength={2}
              placeholder="GB"
              autocomplete="off"
            />
          </div>
          <div class="field">
            <label for="import-stage">Stage for rows without one</label>
            <select id="import-stage" name="stage">
              {LEAD_STAGES.map((stage) => (
                <option value={stage} selected={stage === 'new'}>
                  {leadStageLabel[stage]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="import-assignee">Owner</label>
            <select id="import-assignee" name="assignee">
              <option value="">Unassigned</option>
              {props.agents.map((agent) => (
                <option value={agent.id}>{agent.name}</option>
              ))}
            </select>
          </div>
          <fieldset class="field">
            <legend>A row with the phone or email of an existing lead</legend>
            <label>
              <input type="radio" name="on_duplicate" value="merge" checked /> Merge into that lead (fill its
              empty fields, add the note)
            </label>
            <label>
              <input type="radio" name="on_duplicate" value="flag" /> Import it as a new lead flagged as a
              duplicate
            </label>
          </fieldset>
          <button type="submit" class="button button-primary">
            Import
          </button>
        </div>
      </form>
    </AppShell>
  );
}

/** The polled region of an import's page: heading, progress while the job runs, counts, report. */
export const IMPORT_STATUS_ID = 'import-status';
/** How often the page asks for the progress of a running import. */
const POLL = 'every 2s';

export function ImportStatus(props: { base: string; row: LeadImportRow; message?: string | undefined }) {
  const { base, row } = props;
  const counts = [
    ['Imported', row.imported],
    ['Merged', row.merged],
    ['Flagged as duplicates', row.flagged],
    ['Rejected', row.rejected],
    ['Skipped (empty rows)', row.skipped],
  ] as const;
  const running = row.status === 'importing';
  const finished = row.status === 'done' || row.status === 'failed';
  const progress = importProgress(row);
  const poll = running
    ? { 'hx-get': importPath(base, row.id), 'hx-trigger': POLL, 'hx-swap': 'outerHTML' }
    : {};
  return (
    <div id={IMPORT_STATUS_ID} {...poll}>
      <div class="page-header">
        <div>
          <h1>
            {row.file_name}: {statusLabel[row.status] ?? row.status}
          </h1>
          {finished ? (
            <p class="muted" id="import-total">
              {row.data_rows} rows in the file.
            </p>
          ) : null}
        </div>
      </div>
      {props.message ? <NoticeBox notice={{ kind: 'error', text: props.message }} /> : null}
      {row.error ? <NoticeBox notice={{ kind: 'error', text: row.error }} /> : null}
      {running ? (
        <section class="card import-progress" aria-label="Import progress">
          <p id="import-progress" role="status">
            {progress.total === null
              ? 'Waiting for the import to start…'
              : `${progress.done} of ${progress.total} rows done (${progress.percent}%).`}
          </p>
          {progress.total === null ? null : (
            <progress max={progress.total} value={progress.done} aria-label="Rows imported" />
          )}
          <p class="muted small">The import runs on the server: you may leave this page and come back.</p>
        </section>
      ) : null}
      {running || finished ? (
        <section class="card" aria-label="Import report">
          <dl class="import-counts" id="import-counts">
            {counts.map(([label, value]) => (
              <div>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {finished ? (
            <p>
              <a class="button" href={`${importPath(base, row.id)}/report.csv`} download>
                Download the per-row report (CSV)
              </a>{' '}
              <a class="button" href={`${leadsPath(base)}?source=csv`}>
                See the uploaded leads
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

export function LeadImportResultPage(props: {
  base: string;
  user: ShellUser;
  row: LeadImportRow;
  message?: string | undefined;
}) {
  const { base } = props;
  return (
    <AppShell title="Import leads" user={props.user} currentPath={leadsPath(base)}>
      <ImportStatus base={base} row={props.row} message={props.message} />
      <p>
        <a href={importsPath(base)}>Import another file</a>
      </p>
    </AppShell>
  );
}

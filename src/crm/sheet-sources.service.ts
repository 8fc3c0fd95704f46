import { writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { LEAD_STAGES, type LeadStage } from '../leads/lead-stage.ts';
import { findProjectById, listProjects } from '../projects/projects.queries.ts';
import { addMs, toIso } from '../shared/clock.ts';
import type { FieldErrors } from '../shared/field-errors.ts';
import { isCountryCode } from '../visitors/contact-rules.ts';
import { parseLeadDefaults } from './lead-defaults.ts';
import {
  headerKey,
  IMPORT_FIELDS,
  type ImportField,
  importFieldLabel,
  suggestColumnMapping,
  validateImportRow,
} from './lead-import.ts';
import {
  mappingFromNames,
  type NamedMapping,
  parseNamedMapping,
  writeImportedLead,
} from './lead-imports.service.ts';
import { currentLeadOwner, leadOwnerOptions } from './lead-owners.service.ts';
import { parseServiceAccountKey } from './service-account-key.ts';
import { newSheetRows } from './sheet-rows.ts';
import {
  findSheetSource,
  insertSheetSource,
  insertSourceRow,
  listDueSheetSources,
  listSeenIdentities,
  listSheetSources,
  recordSheetPollFailure,
  recordSheetPollSuccess,
  type SheetSourceFields,
  updateSheetSource,
  updateSheetSourceEnabled,
} from './sheet-sources.queries.ts';
import {
  backoffSeconds,
  DEFAULT_POLL_INTERVAL_S,
  MAX_BACKOFF_S,
  MAX_POLL_INTERVAL_S,
  MIN_POLL_INTERVAL_S,
  type SheetSourceRow,
} from './sheet-sources.ts';
import { readSheetRows } from './sheets-client.ts';

/**
 * Google Sheets lead sources (CRM-6, docs/decisions/0019 "Google Sheets", 0021): an admin adds a
 * source with a service-account key (sealed by SecretBox, never shown again: only its
 * client_email is), and the poller (sheet-sources.sweepers.ts, under the leader lease) reads the
 * whole range each interval, imports only rows whose identity it has not seen, and records every
 * failure with its time, backing off until Google answers again.
 */
type SourceDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'log' | 'secrets'>;

const stageOrNull = (value: string | null): LeadStage | null =>
  value && (LEAD_STAGES as readonly string[]).includes(value) ? (value as LeadStage) : null;

/** Rows per write transaction of one poll. */
const BATCH_ROWS = 100;

export async function sheetSourcesPageData(deps: Pick<Deps, 'db'>) {
  const [sources, projects, owners] = await Promise.all([
    listSheetSources(deps.db),
    listProjects(deps.db),
    leadOwnerOptions(deps),
  ]);
  return { sources, projects: projects.map((p) => ({ id: p.id, name: p.title })), owners };
}

export const loadSheetSource = (deps: Pick<Deps, 'db'>, id: string) => findSheetSource(deps.db, id);

/** The mapping as the form shows it: one "Field = Header" line per mapped field. */
export function mappingText(columnMap: string): string {
  const named = parseNamedMapping(columnMap) ?? {};
  return (Object.entries(named) as [ImportField, string][])
    .map(([field, header]) => `${importFieldLabel[field]} = ${header}`)
    .join('\n');
}

const FIELD_BY_KEY = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((field) => [
    [headerKey(field), field],
    [headerKey(importFieldLabel[field]), field],
  ]),
);

function parseMappingText(text: string): { ok: true; value: NamedMapping } | { ok: false; message: string } {
  const named: NamedMapping = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const equals = line.indexOf('=');
    const field = equals > 0 ? FIELD_BY_KEY.get(headerKey(line.slice(0, equals))) : undefined;
    const header = equals > 0 ? line.slice(equals + 1).trim() : '';
    if (!field || header === '')
      return {
        ok: false,
        message: `Line ${index + 1}: write "Field = Sheet header", e.g. "Phone = Phone number".`,
      };
    named[field] = header.slice(0, 200);
  }
  return { ok: true, value: named };
}

export type SheetSourceForm = Record<string, string | undefined>;

const SPREADSHEET_ID = /^[A-Za-z0-9_-]{20,100}$/;

/** The id from a pasted sheet address (…/spreadsheets/d/<id>/edit) or the id itself. */
const spreadsheetIdOf = (value: string) =>
  /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(value)?.[1] ?? value.trim();

/**
 * Adds (no `id`) or edits a source from its form. The key is required when adding; when editing a
 * blank key keeps the saved one. Errors name the form field.
 */
export async function saveSheetSource(
  deps: SourceDeps,
  actorId: string,
  id: string | undefined,
  form: SheetSourceForm,
): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const name = (form.name ?? '').trim();
  if (name === '' || name.length > 160) errors.name = 'Give the source a name of 1 to 160 characters.';
  const projectId = form.project ?? '';
  if (!projectId || !(await findProjectById(deps.db, projectId))) errors.project = 'Choose a project.';
  const spreadsheetId = spreadsheetIdOf(form.spreadsheet_id ?? '');
  if (!SPREADSHEET_ID.test(spreadsheetId))
    errors.spreadsheet_id = 'Paste the sheet’s address or its id (the part after /spreadsheets/d/).';
  const range = (form.range ?? '').trim();
  if (range === '' || range.length > 200)
    errors.range = 'Name the tab (e.g. Form Responses 1) or a range (Sheet1!A:Z).';
  const intervalText = (form.poll_interval_s ?? '').trim();
  const interval = intervalText === '' ? DEFAULT_POLL_INTERVAL_S : Number(intervalText);
  if (!Number.isInteger(interval) || interval < MIN_POLL_INTERVAL_S || interval > MAX_POLL_INTERVAL_S)
    errors.poll_interval_s = `Poll every ${MIN_POLL_INTERVAL_S} to ${MAX_POLL_INTERVAL_S} seconds.`;
  const country = (form.default_country ?? '').trim().toUpperCase();
  if (country !== '' && !isCountryCode(country))
    errors.default_country = 'Use a two-letter country code such as GB.';
  const mapping = parseMappingText(form.mapping ?? '');
  if (!mapping.ok) errors.mapping = mapping.message;
  const defaults = parseLeadDefaults(
    form,
    { stage: 'default_stage', owner: 'default_owner' },
    await leadOwnerOptions(deps),
  );
  if (!defaults.ok) Object.assign(errors, defaults.errors);
  const keyText = (form.key_json ?? '').trim();
  let key: { sealed: string; clientEmail: string } | undefined;
  if (keyText !== '') {
    const parsed = parseServiceAccountKey(keyText);
    if (parsed.ok) key = { sealed: deps.secrets.seal(keyText), clientEmail: parsed.value.clientEmail };
    else errors.key_json = parsed.message;
  } else if (!id) errors.key_json = 'Paste the service account’s JSON key.';
  if (Object.keys(errors).length > 0 || !mapping.ok || !defaults.ok) return { ok: false, errors };
  const fields: SheetSourceFields = {
    name,
    projectId,
    spreadsheetId,
    range,
    columnMap: JSON.stringify(mapping.value),
    pollIntervalS: interval,
    defaultCountry: country || null,
    defaultStage: defaults.value.stage,
    defaultOwnerId: defaults.value.ownerId,
    enabled: id ? form.enabled === 'on' || form.enabled === '1' : true,
  };
  const now = toIso(deps.clock.now());
  if (id) {
    await updateSheetSource(deps.db, { ...fields, id, key, now });
    deps.log.info('leads.sheet_source_updated', { sourceId: id, newKey: Boolean(key) });
    return { ok: true, id };
  }
  const newId = deps.ids.next();
  if (!key) return { ok: false, errors: { key_json: 'Paste the service account’s JSON key.' } };
  await insertSheetSource(deps.db, {
    ...fields,
    id: newId,
    keySealed: key.sealed,
    clientEmail: key.clientEmail,
    createdBy: actorId,
    now,
  });
  deps.log.info('leads.sheet_source_added', { sourceId: newId });
  return { ok: true, id: newId };
}

export async function setSheetSourceEnabled(
  deps: SourceDeps,
  id: string,
  enabled: boolean,
): Promise<boolean> {
  const source = await findSheetSource(deps.db, id);
  if (!source) return false;
  await updateSheetSourceEnabled(deps.db, { id, enabled, now: toIso(deps.clock.now()) });
  return true;
}

export type PollOutcome = 'polled' | 'failed';

async function recordFailure(
  deps: SourceDeps,
  source: SheetSourceRow,
  now: Date,
  failure: { message: string; delayS: number },
): Promise<PollOutcome> {
  await recordSheetPollFailure(deps.db, {
    id: source.id,
    now: toIso(now),
    nextPollAt: toIso(addMs(now, failure.delayS * 1000)),
    error: failure.message.slice(0, 1000),
    failures: source.failures + 1,
  });
  deps.log.warn('leads.sheet_poll_failed', { sourceId: source.id, error: failure.message });
  return 'failed';
}

/** One poll of one source: read the range, import the rows not seen before, record the outcome. */
export async function pollSheetSource(
  deps: SourceDeps,
  source: SheetSourceRow,
  now: Date,
): Promise<PollOutcome> {
  const keyJson = source.key_sealed ? deps.secrets.open(source.key_sealed) : null;
  if (!keyJson || !source.project_id) {
    const message =
      'The saved key cannot be opened (the server’s secret key changed): paste the JSON key again.';
    return recordFailure(deps, source, now, { message, delayS: MAX_BACKOFF_S });
  }
  const read = await readSheetRows({
    serviceAccountJson: keyJson,
    spreadsheetId: source.sheet_id ?? '',
    range: source.sheet_range ?? '',
    rootUrl: deps.config.googleSheetsApiUrl,
  });
  if (!read.ok) {
    const delayS = backoffSeconds(
      read.code,
      source.poll_interval_s,
      source.failures + 1,
      read.retryAfterSeconds,
    );
    return recordFailure(deps, source, now, { message: read.message, delayS });
  }
  const { rows, firstRowNumber } = read.value;
  const headers = (rows[0] ?? []).map((cell) => cell.replace(/^\uFEFF/, '').trim());
  const named = parseNamedMapping(source.column_map);
  const mapping =
    named && Object.keys(named).length > 0 ? mappingFromNames(named, headers) : suggestColumnMapping(headers);
  if (mapping.phone === undefined && mapping.email === undefined) {
    const message = `No column of the sheet maps to Phone or Email (headers: ${headers.join(', ').slice(0, 300) || 'none'}): edit the mapping.`;
    return recordFailure(deps, source, now, { message, delayS: MAX_BACKOFF_S });
  }
  const options = { defaultCountry: source.default_country ?? undefined };
  const seen = new Set(await listSeenIdentities(deps.db, source.id));
  const fresh = newSheetRows(rows, mapping, seen, { ...options, firstRowNumber });
  const defaultStage = stageOrNull(source.default_stage);
  const owner = fresh.length > 0 ? await currentLeadOwner(deps, source.default_owner_id) : null;
  const tally = { imported: 0, merged: 0, flagged: 0, rejected: 0 };
  const rejections: string[] = [];
  const nowIso = toIso(now);
  for (let at = 0; at < fresh.length; at += BATCH_ROWS) {
    const batch = fresh.slice(at, at + BATCH_ROWS);
    await writeTransaction(deps.db, async (trx) => {
      for (const row of batch) {
        const checked = validateImportRow(row.cells, mapping, options);
        if (!checked.ok) {
          tally.rejected++;
          const first = checked.errors[0];
          if (rejections.length < 3 && first)
            rejections.push(
              `row ${row.rowNumber}: ${first.field === 'row' ? '' : `${importFieldLabel[first.field]}: `}${first.reason}`,
            );
          await insertSourceRow(trx, {
            sourceId: source.id,
            identity: row.identity,
            leadId: null,
            now: nowIso,
          });
          continue;
        }
        const written = await writeImportedLead(
          trx,
          {
            deps,
            projectId: source.project_id ?? '',
            authorId: source.created_by,
            source: 'sheet',
            sourceId: source.id,
            defaultStage,
            assigneeId: owner,
            onDuplicate: 'merge',
            now: nowIso,
          },
          checked.lead,
        );
        tally[written.kind]++;
        await insertSourceRow(trx, {
          sourceId: source.id,
          identity: row.identity,
          leadId: written.leadId,
          now: nowIso,
        });
      }
    });
  }
  const result =
    fresh.length === 0
      ? 'No new rows.'
      : `${fresh.length} new rows: ${tally.imported} imported, ${tally.merged} merged into existing leads, ${tally.flagged} flagged, ${tally.rejected} rejected${rejections.length ? ` (${rejections.join('; ')})` : ''}.`;
  await recordSheetPollSuccess(deps.db, {
    id: source.id,
    now: nowIso,
    nextPollAt: toIso(addMs(now, source.poll_interval_s * 1000)),
    result: result.slice(0, 1000),
  });
  if (fresh.length > 0) deps.log.info('leads.sheet_polled', { sourceId: source.id, ...tally });
  return 'polled';
}

/** Sources polled per tick: one read each, well under Google's 60 reads a minute per key. */
const SOURCES_PER_TICK = 10;

/** Polls every enabled source that is due, one after another. */
export async function pollDueSheetSources(
  deps: SourceDeps,
  now: Date,
): Promise<{ polled: number; failed: number }> {
  const due = await listDueSheetSources(deps.db, toIso(now), SOURCES_PER_TICK);
  const tally = { polled: 0, failed: 0 };
  for (const source of due) {
    try {
      tally[await pollSheetSource(deps, source, now)]++;
    } catch (error) {
      // A database error on one source must not stop the others; it polls again after its interval.
      tally.failed++;
      deps.log.error('leads.sheet_poll_crashed', { sourceId: source.id, error });
      await recordFailure(deps, source, now, {
        message: 'The import failed on our side; it will be retried.',
        delayS: backoffSeconds('server', source.poll_interval_s, source.failures + 1),
      }).catch(() => undefined);
    }
  }
  return tally;
}

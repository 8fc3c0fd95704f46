import { mkdir, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { LEAD_STAGES, type LeadStage } from '../leads/lead-stage.ts';
import { findProjectById, listProjects } from '../projects/projects.queries.ts';
import { addMs, toIso } from '../shared/clock.ts';
import { streamMultipart } from '../shared/multipart-stream.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { Touch } from '../visitors/attribution.ts';
import { isCountryCode } from '../visitors/contact-rules.ts';
import { insertAttribution } from '../visitors/visitors.queries.ts';
import { type CsvPreview, previewCsv } from './csv-import.ts';
import {
  type ColumnMapping,
  headerKey,
  IMPORT_FIELDS,
  type ImportedLead,
  type ImportField,
} from './lead-import.ts';
import {
  expireLeadImport,
  findLeadContact,
  findLeadImport,
  insertImportedLead,
  insertLeadImport,
  type LeadImportRow,
  lastProjectMapping,
  listLeadsWithContacts,
  listRecentLeadImports,
  listStaleUploads,
  queueLeadImport,
  updateMergedLead,
} from './lead-imports.queries.ts';
import { insertLeadNote } from './leads.queries.ts';
import { findFirstLeadWithContact } from './web-leads.queries.ts';

/**
 * CSV upload (CRM-5, docs/decisions/0019-lead-imports.md "Integration"): the upload is streamed to
 * DATA_DIR/imports/<id>.csv, previewed from there with a suggested (or the project's remembered)
 * mapping, then imported row by row with the per-row report written beside it as it goes. Nothing
 * holds the file in memory; the only growing state is csv-import's in-file duplicate index.
 */
type ImportDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'log'>;

export const DUPLICATE_RULES = ['merge', 'flag'] as const;
export type DuplicateRule = (typeof DUPLICATE_RULES)[number];

/** Rows per write transaction: short transactions, few commits. */
const _BATCH_ROWS = 250;

export interface ImportTotalsView {
  dataRows: number;
  imported: number;
  merged: number;
  flagged: number;
  rejected: number;
  skipped: number;
}

const importDir = (deps: Pick<Deps, 'config'>) => join(deps.config.dataDir, 'imports');
export const uploadPath = (deps: Pick<Deps, 'config'>, id: string) => join(importDir(deps), `${id}.csv`);
export const reportPath = (deps: Pick<Deps, 'config'>, id: string) =>
  join(importDir(deps), `${id}.report.csv`);

const cleanFileName = (name: string) =>
  name
    .replace(/^.*[\\/]/, '')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 200) || 'upload.csv';

export type UploadError = 'not_multipart' | 'no_file' | 'empty' | 'no_project';

/** Streams the `file` part of a multipart body to DATA_DIR; the import row waits for its mapping. */
export async function receiveUpload(
  deps: ImportDeps,
  actorId: string,
  request: { body: ReadableStream<Uint8Array> | null; contentType: string },
): Promise<Result<{ id: string }, UploadError>> {
  const id = deps.ids.next();
  const path = uploadPath(deps, id);
  await mkdir(importDir(deps), { recursive: true });
  const handle = await open(path, 'w');
  let parsed: Awaited<ReturnType<typeof streamMultipart>>;
  try {
    parsed = await streamMultipart(request.body, request.contentType, 'file', async (chunk) => {
      await handle.write(chunk);
    });
  } catch (error) {
    await handle.close();
    await rm(path, { force: true });
    throw error;
  }
  await handle.close();
  const refuse = async (code: UploadError) => {
    await rm(path, { force: true });
    return fail(code);
  };
  if (!parsed.ok) return refuse('not_multipart');
  if (!parsed.file) return refuse('no_file');
  if (parsed.file.bytes === 0) return refuse('empty');
  const projectId = parsed.fields.project ?? '';
  if (!projectId || !(await findProjectById(deps.db, projectId))) return refuse('no_project');
  await insertLeadImport(deps.db, {
    id,
    projectId,
    fileName: cleanFileName(parsed.file.fileName),
    byteSize: parsed.file.bytes,
    createdBy: actorId,
    now: toIso(deps.clock.now()),
  });
  deps.log.info('leads.import_uploaded', { importId: id, bytes: parsed.file.bytes });
  return ok({ id });
}

export async function importPageData(deps: Pick<Deps, 'db'>) {
  const [imports, projects] = await Promise.all([listRecentLeadImports(deps.db, 20), listProjects(deps.db)]);
  return { imports, projects: projects.map((p) => ({ id: p.id, name: p.title })) };
}

/** field → header name, as remembered for a project. */
export type NamedMapping = Partial<Record<ImportField, string>>;

function namedMapping(mapping: ColumnMapping, headers: readonly string[]): NamedMapping {
  const named: NamedMapping = {};
  for (const field of IMPORT_FIELDS) {
    const index = mapping[field];
    const header = index === undefined ? undefined : headers[index];
    if (header !== undefined) named[field] = header;
  }
  return named;
}

export function mappingFromNames(named: NamedMapping, headers: readonly string[]): ColumnMapping {
  const keys = headers.map(headerKey);
  const mapping: ColumnMapping = {};
  for (const field of IMPORT_FIELDS) {
    const header = named[field];
    if (header === undefined) continue;
    const index = keys.indexOf(headerKey(header));
    if (index !== -1) mapping[field] = index;
  }
  return mapping;
}

export function parseNamedMapping(json: string | null | undefined): NamedMapping | undefined {
  if (!json) return undefined;
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== 'object') return undefined;
    const named: NamedMapping = {};
    for (const field of IMPORT_FIELDS) {
      const header = (value as Record<string, unknown>)[field];
      if (typeof header === 'string') named[field] = header;
    }
    return named;
  } catch {
    return undefined;
  }
}

export type ImportView =
  | { kind: 'mapping'; row: LeadImportRow; preview: CsvPreview; mapping: ColumnMapping; remembered: boolean }
  | { kind: 'unreadable'; row: LeadImportRow; message: string }
  | { kind: 'finished'; row: LeadImportRow };

/** What the import page shows: the preview and mapping form while the file waits, else its outcome. */
export async function loadImportView(deps: ImportDeps, id: string): Promise<ImportView | undefined> {
  const row = await findLeadImport(deps.db, id);
  if (!row) return undefined;
  if (row.status !== 'uploaded') return { kind: 'finished', row };
  const exists = await stat(uploadPath(deps, id)).catch(() => undefined);
  if (!exists) return { kind: 'unreadable', row, message: 'The uploaded file is gone: upload it again.' };
  const preview = await previewCsv(Bun.file(uploadPath(deps, id)).stream(), { rows: 5 });
  if (!preview.ok) return { kind: 'unreadable', row, message: preview.message };
  const json = row.project_id ? await lastProjectMapping(deps.db, row.project_id) : undefined;
  const { headers, suggestedMapping } = preview.value;
  const fromMemory = mappingFromNames(parseNamedMapping(json) ?? {}, headers);
  const useMemory = Object.keys(fromMemory).length > 0;
  return {
    kind: 'mapping',
    row,
    preview: preview.value,
    mapping: useMemory
      ? withSuggestions(fromMemory, suggestedMapping, headers, ignoredHeaders(json))
      : suggestedMapping,
    remembered: useMemory,
  };
}

/**
 * What an import remembers for its project: field → header name, plus the headers it left
 * unmapped on purpose (`_ignored`), so the next file's new columns still get suggestions while
 * a column ignored last time stays ignored.
 */
function rememberedMappingJson(mapping: ColumnMapping, headers: readonly string[]): string {
  const used = new Set(Object.values(mapping));
  const ignored = headers.filter((header, index) => header !== '' && !used.has(index));
  return JSON.stringify({ ...namedMapping(mapping, headers), _ignored: ignored });
}

function ignoredHeaders(json: string | undefined): Set<string> {
  try {
    const value = json ? (JSON.parse(json) as { _ignored?: unknown }) : undefined;
    const list = Array.isArray(value?._ignored) ? value._ignored : [];
    return new Set(list.filter((item): item is string => typeof item === 'string').map(headerKey));
  } catch {
    return new Set();
  }
}

/** The remembered mapping, completed by suggestions for columns it neither maps nor ignored. */
function withSuggestions(
  remembered: ColumnMapping,
  suggested: ColumnMapping,
  headers: readonly string[],
  ignored: ReadonlySet<string>,
): ColumnMapping {
  const mapping: ColumnMapping = { ...remembered };
  const used = new Set(Object.values(remembered));
  for (const [field, index] of Object.entries(suggested) as [ImportField, number][]) {
    if (mapping[field] !== undefined || used.has(index) || ignored.has(headerKey(headers[index] ?? '')))
      continue;
    mapping[field] = index;
    used.add(index);
  }
  return mapping;
}

export interface ImportSettings {
  mapping: ColumnMapping;
  defaultCountry: string | null;
  stage: LeadStage | null;
  assigneeId: string | null;
  onDuplicate: DuplicateRule;
}

export type RunImportError = 'not_found' | 'already_imported' | 'invalid';

const touchOf = (lead: ImportedLead): Touch | undefined => {
  const tracked = [lead.utmSource, lead.utmMedium, lead.utmCampaign, lead.utmTerm, lead.utmContent];
  if (![...tracked, lead.gclid, lead.fbclid].some(Boolean)) return undefined;
  let sourceDomain: string | null = null;
  try {
    sourceDomain = lead.pageUrl ? new URL(lead.pageUrl).hostname : null;
  } catch {
    sourceDomain = null;
  }
  return {
    sourceDomain,
    referrer: null,
    landingUrl: lead.pageUrl,
    utmSource: lead.utmSource,
    utmMedium: lead.utmMedium,
    utmCampaign: lead.utmCampaign,
    utmTerm: lead.utmTerm,
    utmContent: lead.utmContent,
    gclid: lead.gclid,
    gbraid: null,
    wbraid: null,
    fbclid: lead.fbclid,
    fbc: null,
    fbp: null,
    gaClientId: null,
    gaSessionId: null,
    deviceType: null,
    osName: null,
    osVersion: null,
    browserName: null,
    browserVersion: null,
    language: null,
    connectionType: null,
    geoCountry: null,
    geoRegion: null,
    geoCity: null,
    timeOnPageMs: null,
    ip: null,
    userAgent: null,
  };
};

type Trx = Transaction<Database>;

/** Where an imported lead goes and what it gets when its row does not say (CSV upload, Sheet source). */
export interface LeadWriteContext {
  deps: Pick<Deps, 'ids'>;
  projectId: string;
  /** Author of the row's note: the person who uploaded the file or set up the source (none: no note). */
  authorId: string | null;
  source: 'csv' | 'sheet';
  sourceId: string | null;
  defaultStage: LeadStage | null;
  assigneeId: string | null;
  onDuplicate: DuplicateRule;
  now: string;
  /** Finds the lead a row matches; by default two queries per row (findFirstLeadWithContact). */
  matcher?: LeadMatcher | undefined;
}

type LeadContact = NonNullable<Awaited<ReturnType<typeof findLeadContact>>>;

/** The project's first primary lead with a row's phone (checked first) or email. */
export interface LeadMatcher {
  find(trx: Trx, lead: ImportedLead): Promise<LeadContact | undefined>;
  /** A lead written by this import (new, or merged with new contacts) that later rows may match. */
  remember(contact: LeadContact): void;
}

const databaseMatcher = (projectId: string): LeadMatcher => ({
  async find(trx, lead) {
    const id = await findFirstLeadWithContact(trx, projectId, lead);
    return id ? findLeadContact(trx, id) : undefined;
  },
  remember() {},
});

/**
 * A matcher for one batch of rows: the batch's phones and emails looked up in one query, then
 * kept up to date with what the batch writes (first lead per phone / email wins, as in the database).
 */
export async function batchMatcher(
  trx: Trx,
  projectId: string,
  leads: readonly ImportedLead[],
): Promise<LeadMatcher> {
  const phones = [...new Set(leads.flatMap((lead) => (lead.phone ? [lead.phone] : [])))];
  const emails = [...new Set(leads.flatMap((lead) => (lead.email ? [lead.email] : [])))];
  const byPhone = new Map<string, LeadContact>();
  const byEmail = new Map<string, LeadContact>();
  const remember = (contact: LeadContact) => {
    if (contact.phone && !byPhone.has(contact.phone)) byPhone.set(contact.phone, contact);
    if (contact.email && !byEmail.has(contact.email)) byEmail.set(contact.email, contact);
  };
  if (phones.length > 0 || emails.length > 0) {
    for (const contact of await listLeadsWithContacts(trx, projectId, { phones, emails })) remember(contact);
  }
  return {
    async find(_trx, lead) {
      return (
        (lead.phone ? byPhone.get(lead.phone) : undefined) ??
        (lead.email ? byEmail.get(lead.email) : undefined)
      );
    },
    remember,
  };
}

export type LeadWrite =
  | { kind: 'imported'; leadId: string }
  | { kind: 'merged'; leadId: string; matchedOn: 'phone' | 'email' }
  | { kind: 'flagged'; leadId: string; existingId: string; matchedOn: 'phone' | 'email' };

/**
 * One valid imported row into the database (inside the caller's transaction): merged into the
 * project's first lead with the same phone or email (its empty fields filled, the note added),
 * or a new lead, flagged as that lead's duplicate when there is one and the rule says flag.
 */
export async function writeImportedLead(
  trx: Trx,
  context: LeadWriteContext,
  lead: ImportedLead,
): Promise<LeadWrite> {
  const { deps, projectId, now } = context;
  const matcher = context.matcher ?? databaseMatcher(projectId);
  const existing = await matcher.find(trx, lead);
  const matchedOn = existing && lead.phone && existing.phone === lead.phone ? 'phone' : 'email';
  const { authorId } = context;
  const addNote = async (leadId: string) => {
    if (!lead.note || !authorId) return;
    await insertLeadNote(trx, {
      id: deps.ids.next(),
      leadId,
      conversationId: null,
      authorId,
      body: lead.note,
      now,
    });
  };
  if (existing && context.onDuplicate === 'merge') {
    const merged: LeadContact = {
      id: existing.id,
      name: existing.name ?? lead.name,
      phone: existing.phone ?? lead.phone,
      phone_country: existing.phone ? existing.phone_country : lead.phoneCountry,
      email: existing.email ?? lead.email,
      page_url: existing.page_url ?? lead.pageUrl,
      follow_up_on: lead.followUpOn ?? existing.follow_up_on,
      final_remark: lead.remark ?? existing.final_remark,
    };
    await updateMergedLead(trx, {
      id: merged.id,
      name: merged.name,
      phone: merged.phone,
      phoneCountry: merged.phone_country,
      email: merged.email,
      pageUrl: merged.page_url,
      followUpOn: merged.follow_up_on,
      finalRemark: merged.final_remark,
      now,
    });
    // Later rows of the batch see the filled contact (a new email now finds this lead).
    Object.assign(existing, merged);
    matcher.remember(existing);
    await addNote(existing.id);
    return { kind: 'merged', leadId: existing.id, matchedOn };
  }
  const leadId = deps.ids.next();
  const touch = touchOf(lead);
  const attributionId = touch ? deps.ids.next() : null;
  if (touch && attributionId) {
    await insertAttribution(trx, { id: attributionId, visitorId: null, touch, isReturning: false, now });
  }
  await insertImportedLead(trx, {
    id: leadId,
    projectId,
    source: context.source,
    sourceId: context.sourceId,
    lead,
    stage: lead.stage ?? context.defaultStage ?? 'new',
    assigneeId: context.assigneeId,
    attributionId,
    duplicateOfId: existing?.id ?? null,
    now,
  });
  await addNote(leadId);
  if (existing) return { kind: 'flagged', leadId, existingId: existing.id, matchedOn };
  matcher.remember({
    id: leadId,
    name: lead.name,
    phone: lead.phone,
    phone_country: lead.phoneCountry,
    email: lead.email,
    page_url: lead.pageUrl,
    follow_up_on: lead.followUpOn,
    final_remark: lead.remark,
  });
  return { kind: 'imported', leadId };
}

/**
 * Queues an uploaded file with its mapping for the import job (lead-import-job.service.ts) and
 * returns at once: the page then shows the job's progress. The mapping is kept by column index
 * for the job and by header name for the project's next upload.
 */
export async function queueImport(
  deps: ImportDeps,
  id: string,
  settings: ImportSettings,
): Promise<Result<undefined, RunImportError>> {
  const row = await findLeadImport(deps.db, id);
  if (!row?.project_id) return fail('not_found');
  const headers = await previewCsv(Bun.file(uploadPath(deps, id)).stream(), { rows: 0 }).catch(
    () => undefined,
  );
  const named = headers?.ok ? rememberedMappingJson(settings.mapping, headers.value.headers) : '{}';
  const queued = await queueLeadImport(deps.db, {
    id,
    columnMap: named,
    columnIndexes: JSON.stringify(settings.mapping),
    defaultCountry: settings.defaultCountry,
    stage: settings.stage,
    assigneeId: settings.assigneeId,
    onDuplicate: settings.onDuplicate,
  });
  if (!queued) return fail('already_imported');
  deps.log.info('leads.import_queued', { importId: id });
  return ok(undefined);
}

/** The settings form as submitted → settings, or the field at fault. */
export function parseImportSettings(
  form: Record<string, string>,
  columnCount: number,
): { ok: true; value: ImportSettings } | { ok: false; field: string; message: string } {
  const mapping: ColumnMapping = {};
  for (let index = 0; index < columnCount; index++) {
    const field = form[`map_${index}`] ?? '';
    if (field === '') continue;
    if (!(IMPORT_FIELDS as readonly string[]).includes(field))
      return { ok: false, field: `map_${index}`, message: 'Choose a field from the list.' };
    const name = field as ImportField;
    if (mapping[name] !== undefined)
      return { ok: false, field: `map_${index}`, message: 'Two columns are mapped to the same field.' };
    mapping[name] = index;
  }
  if (mapping.phone === undefined && mapping.email === undefined)
    return { ok: false, field: 'map', message: 'Map a column to Phone or Email: a lead needs at least one.' };
  const country = (form.default_country ?? '').trim().toUpperCase();
  if (country !== '' && !isCountryCode(country))
    return { ok: false, field: 'default_country', message: 'Use a two-letter country code such as GB.' };
  const stage = form.stage ?? '';
  if (stage !== '' && !(LEAD_STAGES as readonly string[]).includes(stage))
    return { ok: false, field: 'stage', message: 'Choose a stage from the list.' };
  const rule = form.on_duplicate ?? 'merge';
  if (!(DUPLICATE_RULES as readonly string[]).includes(rule))
    return { ok: false, field: 'on_duplicate', message: 'Choose merge or flag.' };
  const assignee = (form.assignee ?? '').trim();
  if (assignee !== '' && !/^[0-9A-Za-z]{1,26}$/.test(assignee))
    return { ok: false, field: 'assignee', message: 'Choose an agent from the list.' };
  return {
    ok: true,
    value: {
      mapping,
      defaultCountry: country || null,
      stage: (stage || null) as LeadStage | null,
      assigneeId: assignee || null,
      onDuplicate: rule as DuplicateRule,
    },
  };
}

/**
 * The per-row report of a finished import. While the job runs, the file may end in lines of a
 * chunk not yet committed (redone after a crash), so it is served only once the import has ended.
 */
export async function finishedReportPath(deps: ImportDeps, id: string): Promise<string | undefined> {
  const row = await findLeadImport(deps.db, id);
  if (row?.status !== 'done' && row?.status !== 'failed') return undefined;
  const path = reportPath(deps, id);
  return (await Bun.file(path).exists()) ? path : undefined;
}

/** An upload waits this long for its mapping before its file is deleted. */
export const UPLOAD_TTL_MS = 24 * 3600_000;

/** Deletes the files of uploads never imported within UPLOAD_TTL_MS (the `lead-uploads` sweeper). */
export async function expireStaleUploads(deps: ImportDeps, now: Date): Promise<number> {
  const stale = await listStaleUploads(deps.db, toIso(addMs(now, -UPLOAD_TTL_MS)), 100);
  let expired = 0;
  for (const { id } of stale) {
    if (!(await expireLeadImport(deps.db, id, toIso(now)))) continue;
    await rm(uploadPath(deps, id), { force: true });
    expired++;
  }
  return expired;
}

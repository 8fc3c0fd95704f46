import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import type { SheetSourceRow } from './sheet-sources.ts';

/** Google Sheets lead sources (CRM-6): `lead_sources` rows of kind 'sheet' and the rows they saw. */
export type { SheetSourceRow };

const COLUMNS = [
  'id',
  'name',
  'project_id',
  'sheet_id',
  'sheet_range',
  'column_map',
  'poll_interval_s',
  'enabled',
  'key_sealed',
  'client_email',
  'default_country',
  'failures',
  'next_poll_at',
  'last_polled_at',
  'last_error',
  'last_error_at',
  'last_success_at',
  'last_result',
  'created_by',
  'created_at',
  'default_stage',
  'default_owner_id',
] as const;

export interface SheetSourceFields {
  name: string;
  projectId: string;
  spreadsheetId: string;
  range: string;
  /** JSON: import field → header name; '{}' = suggested from the header row at each poll. */
  columnMap: string;
  pollIntervalS: number;
  defaultCountry: string | null;
  defaultStage: string | null;
  defaultOwnerId: string | null;
  enabled: boolean;
}

export async function insertSheetSource(
  db: Db,
  row: SheetSourceFields & {
    id: string;
    keySealed: string;
    clientEmail: string;
    createdBy: string;
    now: string;
  },
): Promise<void> {
  await db
    .insertInto('lead_sources')
    .values({
      id: row.id,
      kind: 'sheet',
      name: row.name,
      project_id: row.projectId,
      sheet_id: row.spreadsheetId,
      sheet_range: row.range,
      column_map: row.columnMap,
      poll_interval_s: row.pollIntervalS,
      enabled: row.enabled ? 1 : 0,
      key_sealed: row.keySealed,
      client_email: row.clientEmail,
      default_country: row.defaultCountry,
      default_stage: row.defaultStage,
      default_owner_id: row.defaultOwnerId,
      next_poll_at: row.now,
      created_by: row.createdBy,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

/** An edit polls again at once (its failures forgotten); a new key replaces the old one. */
export async function updateSheetSource(
  db: Db,
  row: SheetSourceFields & {
    id: string;
    key: { sealed: string; clientEmail: string } | undefined;
    now: string;
  },
): Promise<void> {
  await db
    .updateTable('lead_sources')
    .set({
      name: row.name,
      project_id: row.projectId,
      sheet_id: row.spreadsheetId,
      sheet_range: row.range,
      column_map: row.columnMap,
      poll_interval_s: row.pollIntervalS,
      enabled: row.enabled ? 1 : 0,
      default_country: row.defaultCountry,
      default_stage: row.defaultStage,
      default_owner_id: row.defaultOwnerId,
      ...(row.key ? { key_sealed: row.key.sealed, client_email: row.key.clientEmail } : {}),
      failures: 0,
      next_poll_at: row.now,
      updated_at: row.now,
    })
    .where('id', '=', row.id)
    .where('kind', '=', 'sheet')
    .execute();
}

export async function updateSheetSourceEnabled(
  db: Db,
  row: { id: string; enabled: boolean; now: string },
): Promise<void> {
  await db
    .updateTable('lead_sources')
    .set({ enabled: row.enabled ? 1 : 0, failures: 0, next_poll_at: row.now, updated_at: row.now })
    .where('id', '=', row.id)
    .where('kind', '=', 'sheet')
    .execute();
}

export function findSheetSource(db: Db, id: string): Promise<SheetSourceRow | undefined> {
  return db
    .selectFrom('lead_sources')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('kind', '=', 'sheet')
    .executeTakeFirst();
}

export function listSheetSources(db: Db): Promise<SheetSourceRow[]> {
  return db
    .selectFrom('lead_sources')
    .select(COLUMNS)
    .where('kind', '=', 'sheet')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Enabled sources whose next poll is due, the longest waiting first. */
export function listDueSheetSources(db: Db, now: string, count: number): Promise<SheetSourceRow[]> {
  return firstRows(
    db,
    db
      .selectFrom('lead_sources')
      .select(COLUMNS)
      .where('kind', '=', 'sheet')
      .where('enabled', '=', 1)
      .where((eb) => eb.or([eb('next_poll_at', 'is', null), eb('next_poll_at', '<=', now)]))
      .orderBy('next_poll_at')
      .orderBy('id'),
    count,
  ).execute();
}

export async function listSeenIdentities(db: Db, sourceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('lead_source_rows')
    .select('identity')
    .where('source_id', '=', sourceId)
    .execute();
  return rows.map((row) => row.identity);
}

export async function insertSourceRow(
  db: Db,
  row: { sourceId: string; identity: string; leadId: string | null; now: string },
): Promise<void> {
  await db
    .insertInto('lead_source_rows')
    .values({ source_id: row.sourceId, identity: row.identity, lead_id: row.leadId, created_at: row.now })
    .execute();
}

export async function recordSheetPollSuccess(
  db: Db,
  row: { id: string; now: string; nextPollAt: string; result: string },
): Promise<void> {
  await db
    .updateTable('lead_sources')
    .set({
      failures: 0,
      last_polled_at: row.now,
      last_success_at: row.now,
      last_error: null,
      last_error_at: null,
      last_result: row.result,
      next_poll_at: row.nextPollAt,
    })
    .where('id', '=', row.id)
    .execute();
}

export async function recordSheetPollFailure(
  db: Db,
  row: { id: string; now: string; nextPollAt: string; error: string; failures: number },
): Promise<void> {
  await db
    .updateTable('lead_sources')
    .set({
      failures: row.failures,
      last_polled_at: row.now,
      last_error: row.error,
      last_error_at: row.now,
      next_poll_at: row.nextPollAt,
    })
    .where('id', '=', row.id)
    .execute();
}

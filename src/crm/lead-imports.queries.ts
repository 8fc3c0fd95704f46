import type { ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import { leadSearchColumns } from '../leads/lead-search.ts';
import type { ImportedLead } from './lead-import.ts';
import type { LeadImportRow } from './lead-imports.ts';

/** CSV uploads (CRM-5): the import row and the lead writes of one imported row. */
export type { LeadImportRow };

export async function insertLeadImport(
  db: Db,
  row: { id: string; projectId: string; fileName: string; byteSize: number; createdBy: string; now: string },
): Promise<void> {
  await db
    .insertInto('lead_imports')
    .values({
      id: row.id,
      project_id: row.projectId,
      file_name: row.fileName,
      byte_size: row.byteSize,
      status: 'uploaded',
      created_by: row.createdBy,
      created_at: row.now,
    })
    .execute();
}

export function findLeadImport(db: Db, id: string): Promise<LeadImportRow | undefined> {
  return db.selectFrom('lead_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest uploads, for the import page. */
export function listRecentLeadImports(db: Db, count: number): Promise<LeadImportRow[]> {
  return firstRows(
    db,
    db.selectFrom('lead_imports').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'),
    count,
  ).execute();
}

/** The column mapping (field → header name) of the project's last finished import. */
export async function lastProjectMapping(db: Db, projectId: string): Promise<string | undefined> {
  const row = await firstRows(
    db,
    db
      .selectFrom('lead_imports')
      .select(['column_map'])
      .where('project_id', '=', projectId)
      .where('status', '=', 'done')
      .orderBy('finished_at', 'desc'),
    1,
  ).executeTakeFirst();
  return row?.column_map ?? undefined;
}

/**
 * Queues an upload for the import job (`uploaded` → `importing`) with its settings; false when it
 * was not `uploaded` (a double submit queues once).
 */
export async function queueLeadImport(
  db: Db,
  row: {
    id: string;
    columnMap: string;
    columnIndexes: string;
    defaultCountry: string | null;
    stage: string | null;
    assigneeId: string | null;
    onDuplicate: 'merge' | 'flag';
  },
): Promise<boolean> {
  const result = await db
    .updateTable('lead_imports')
    .set({
      status: 'importing',
      column_map: row.columnMap,
      column_indexes: row.columnIndexes,
      default_country: row.defaultCountry,
      stage: row.stage,
      assignee_id: row.assigneeId,
      on_duplicate: row.onDuplicate,
    })
    .where('id', '=', row.id)
    .where('status', '=', 'uploaded')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A claim `worker` may take: free, run out, or its own. */
const claimable = (worker: string, now: string) => (eb: ExpressionBuilder<Database, 'lead_imports'>) =>
  eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now), eb('claimed_by', '=', worker)]);

/** Queued imports nobody else is running, oldest first (the job takes them one at a time). */
export function listClaimableImports(
  db: Db,
  claim: { worker: string; now: string },
  count: number,
): Promise<LeadImportRow[]> {
  return firstRows(
    db,
    db
      .selectFrom('lead_imports')
      .selectAll()
      .where('status', '=', 'importing')
      .where(claimable(claim.worker, claim.now))
      .orderBy('created_at')
      .orderBy('id'),
    count,
  ).execute();
}

/** Takes (or renews) the claim on a queued import until `until`: compare-and-set, one worker wins. */
export async function claimLeadImport(
  db: Db,
  claim: { id: string; worker: string; now: string; until: string },
): Promise<boolean> {
  const result = await db
    .updateTable('lead_imports')
    .set({ claimed_by: claim.worker, claimed_until: claim.until })
    .where('id', '=', claim.id)
    .where('status', '=', 'importing')
    .where(claimable(claim.worker, claim.now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The first statement of a chunk's transaction: the worker still holds the import and nobody has
 * committed past `done`. It also locks the row, so a second worker's chunk waits and then fails here.
 */
export async function holdImportChunk(
  db: Db,
  chunk: { id: string; worker: string; done: number; until: string },
): Promise<boolean> {
  const result = await db
    .updateTable('lead_imports')
    .set({ claimed_until: chunk.until })
    .where('id', '=', chunk.id)
    .where('status', '=', 'importing')
    .where('claimed_by', '=', chunk.worker)
    .where('data_rows', '=', chunk.done)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ImportCounts {
  dataRows: number;
  imported: number;
  merged: number;
  flagged: number;
  rejected: number;
  skipped: number;
}

const countColumns = (totals: ImportCounts) => ({
  data_rows: totals.dataRows,
  imported: totals.imported,
  merged: totals.merged,
  flagged: totals.flagged,
  rejected: totals.rejected,
  skipped: totals.skipped,
});

/** The counts after a chunk and the report length they go with, in the chunk's transaction. */
export async function updateImportProgress(
  db: Db,
  row: { id: string; totals: ImportCounts; reportBytes: number },
): Promise<void> {
  await db
    .updateTable('lead_imports')
    .set({ ...countColumns(row.totals), report_bytes: row.reportBytes })
    .where('id', '=', row.id)
    .execute();
}

export async function updateImportTotalRows(db: Db, row: { id: string; worker: string; total: number }) {
  await db
    .updateTable('lead_imports')
    .set({ total_rows: row.total })
    .where('id', '=', row.id)
    .where('claimed_by', '=', row.worker)
    .execute();
}

/** Ends an import the worker holds; false when it no longer does (another worker took it over). */
export async function finishLeadImport(
  db: Db,
  row: {
    id: string;
    worker: string;
    status: 'done' | 'failed';
    totals: ImportCounts;
    reportBytes: number;
    error: string | null;
    now: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('lead_imports')
    .set({
      status: row.status,
      ...countColumns(row.totals),
      report_bytes: row.reportBytes,
      error: row.error,
      finished_at: row.now,
      claimed_by: null,
      claimed_until: null,
    })
    .where('id', '=', row.id)
    .where('status', '=', 'importing')
    .where('claimed_by', '=', row.worker)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A run that broke on our side: the claim is let go until `retryAt`, and the attempt counted. */
export async function releaseTroubledImport(
  db: Db,
  row: { id: string; worker: string; retryAt: string },
): Promise<void> {
  await db
    .updateTable('lead_imports')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), claimed_by: null, claimed_until: row.retryAt }))
    .where('id', '=', row.id)
    .where('claimed_by', '=', row.worker)
    .execute();
}

export async function insertImportedLead(
  db: Db,
  row: {
    id: string;
    projectId: string;
    source: 'csv' | 'sheet';
    /** The Google Sheet source (lead_sources); null for a CSV upload. */
    sourceId: string | null;
    lead: ImportedLead;
    stage: string;
    assigneeId: string | null;
    attributionId: string | null;
    duplicateOfId: string | null;
    now: string;
  },
): Promise<void> {
  const { lead } = row;
  await db
    .insertInto('leads')
    .values({
      id: row.id,
      project_id: row.projectId,
      source: row.source,
      source_id: row.sourceId,
      external_key: lead.externalId,
      name: lead.name,
      phone: lead.phone,
      phone_country: lead.phoneCountry,
      email: lead.email,
      ...leadSearchColumns(lead),
      page_url: lead.pageUrl,
      attribution_id: row.attributionId,
      stage: row.stage,
      assignee_id: row.assigneeId,
      follow_up_on: lead.followUpOn,
      final_remark: lead.remark,
      duplicate_of_id: row.duplicateOfId,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

export function findLeadContact(db: Db, id: string) {
  return db
    .selectFrom('leads')
    .select(['id', 'name', 'phone', 'phone_country', 'email', 'page_url', 'follow_up_on', 'final_remark'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A merged row fills what the existing lead lacks; the search keys follow the name and phone. */
export async function updateMergedLead(
  db: Db,
  row: {
    id: string;
    name: string | null;
    phone: string | null;
    phoneCountry: string | null;
    email: string | null;
    pageUrl: string | null;
    followUpOn: string | null;
    finalRemark: string | null;
    now: string;
  },
): Promise<void> {
  await db
    .updateTable('leads')
    .set({
      name: row.name,
      phone: row.phone,
      phone_country: row.phoneCountry,
      email: row.email,
      ...leadSearchColumns(row),
      page_url: row.pageUrl,
      follow_up_on: row.followUpOn,
      final_remark: row.finalRemark,
      updated_at: row.now,
    })
    .where('id', '=', row.id)
    .execute();
}

/** Uploads never imported, older than `before`: their files are deleted by the sweeper. */
export function listStaleUploads(db: Db, before: string, count: number): Promise<{ id: string }[]> {
  return firstRows(
    db,
    db
      .selectFrom('lead_imports')
      .select('id')
      .where('status', '=', 'uploaded')
      .where('created_at', '<', before)
      .orderBy('created_at')
      .orderBy('id'),
    count,
  ).execute();
}

/** An abandoned upload: its file is gone; the row stays as a record (compare-and-set on status). */
export async function expireLeadImport(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('lead_imports')
    .set({ status: 'expired', finished_at: now })
    .where('id', '=', id)
    .where('status', '=', 'uploaded')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The project's primary leads (not duplicates) with any of these phones or emails, oldest first:
 * one query per batch of imported rows instead of two per row. Callers keep each list within
 * SQL Server's 2,100 parameters (a batch is 250 rows).
 */
export function listLeadsWithContacts(
  db: Db,
  projectId: string,
  contacts: { phones: string[]; emails: string[] },
) {
  return db
    .selectFrom('leads')
    .select(['id', 'name', 'phone', 'phone_country', 'email', 'page_url', 'follow_up_on', 'final_remark'])
    .where('project_id', '=', projectId)
    .where('duplicate_of_id', 'is', null)
    .where((eb) =>
      eb.or([
        ...(contacts.phones.length > 0 ? [eb('phone', 'in', contacts.phones)] : []),
        ...(contacts.emails.length > 0 ? [eb('email', 'in', contacts.emails)] : []),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import type { LeadStage } from '../leads/lead-stage.ts';
import type { ImportRowOutcome } from './csv-import.ts';
import { type ImportReportLine, reportLinesFor } from './import-report.ts';
import type { ImportCounts } from './lead-imports.queries.ts';
import { type DuplicateRule, type LeadMatcher, writeImportedLead } from './lead-imports.service.ts';

/** One row of an uploaded file → its lead write and its report lines (the import job's inner step). */
export interface RowContext {
  deps: Pick<Deps, 'ids'>;
  projectId: string;
  /** The uploader: author of the notes the rows carry. */
  actorId: string;
  settings: { stage: LeadStage | null; assigneeId: string | null; onDuplicate: DuplicateRule };
  /** Counted up as rows are judged. */
  totals: ImportCounts;
  now: string;
  /** The current chunk's matcher. */
  matcher?: LeadMatcher;
}

type Trx = Transaction<Database>;

const fieldLabel = { phone: 'Phone', email: 'Email' } as const;

async function writeLeadRow(
  trx: Trx,
  context: RowContext,
  row: Extract<ImportRowOutcome, { outcome: 'valid' | 'duplicate' }>,
): Promise<ImportReportLine[]> {
  const { settings } = context;
  const { rowNumber } = row;
  const earlier = row.outcome === 'duplicate' ? ` (row ${row.duplicateOf} of this file)` : '';
  const written = await writeImportedLead(
    trx,
    {
      deps: context.deps,
      projectId: context.projectId,
      authorId: context.actorId,
      source: 'csv',
      sourceId: null,
      defaultStage: settings.stage,
      assigneeId: settings.assigneeId,
      onDuplicate: settings.onDuplicate,
      now: context.now,
      matcher: context.matcher,
    },
    row.lead,
  );
  if (written.kind === 'imported') {
    context.totals.imported++;
    return [];
  }
  const field = fieldLabel[written.matchedOn];
  if (written.kind === 'merged') {
    context.totals.merged++;
    const reason = `Same ${written.matchedOn} as lead ${written.leadId}${earlier}: merged into it (empty fields filled, note added).`;
    return [{ rowNumber, outcome: 'merged', field, reason }];
  }
  context.totals.flagged++;
  const reason = `Same ${written.matchedOn} as lead ${written.existingId}${earlier}: imported as lead ${written.leadId}, flagged as its duplicate.`;
  return [{ rowNumber, outcome: 'flagged', field, reason }];
}

/** Every data row has one outcome: skipped (empty), rejected, or written as imported/merged/flagged. */
export async function judgeImportRow(
  trx: Trx,
  context: RowContext,
  outcome: ImportRowOutcome,
): Promise<ImportReportLine[]> {
  if (outcome.outcome === 'empty') {
    context.totals.skipped++;
    return reportLinesFor(outcome);
  }
  if (outcome.outcome === 'rejected') {
    context.totals.rejected++;
    return reportLinesFor(outcome);
  }
  return writeLeadRow(trx, context, outcome);
}

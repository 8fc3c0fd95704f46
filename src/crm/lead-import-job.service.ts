import { rm, stat } from 'node:fs/promises';
import { writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { LEAD_STAGES, type LeadStage } from '../leads/lead-stage.ts';
import { addMs, toIso } from '../shared/clock.ts';
import { countCsvDataRows, type ImportRowOutcome, importCsvRows } from './csv-import.ts';
import { CsvFileError } from './csv-records.ts';
import { type ImportReportLine, importReportRows } from './import-report.ts';
import { ReportFile } from './import-report-file.ts';
import { judgeImportRow, type RowContext } from './import-rows.service.ts';
import { type ColumnMapping, IMPORT_FIELDS, type ImportField } from './lead-import.ts';
import {
  claimLeadImport,
  findLeadImport,
  finishLeadImport,
  holdImportChunk,
  type ImportCounts,
  listClaimableImports,
  releaseTroubledImport,
  updateImportProgress,
  updateImportTotalRows,
} from './lead-imports.queries.ts';
import { batchMatcher, type DuplicateRule, reportPath, uploadPath } from './lead-imports.service.ts';
import type { LeadImportRow } from './lead-imports.ts';

/**
 * The CSV import as a background job (docs/decisions/0046): the upload request only queues the
 * file with its mapping; this worker, run by the `lead-imports` sweeper under the leader lease,
 * takes a queued import by compare-and-set claim and imports it in chunks. Each chunk's leads, its
 * counts and the report length it ends at commit in one transaction that first checks the claim
 * and the row count it started from, so a restart resumes after the last committed chunk and no
 * row is imported twice or lost, even when two workers reach the same import.
 */
type JobDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'log'>;

/** Rows per chunk: one transaction, one progress update, one report append. */
export const IMPORT_CHUNK_ROWS = 250;
/** A claim lasts this long past each chunk; a worker that stops beating loses it after this. */
export const IMPORT_CLAIM_MS = 60_000;
/** After a failure on our side (database, disk) the import waits this long, then runs again. */
const TROUBLE_RETRY_MS = 30_000;
/** Failures on our side before the import is given up as failed. */
export const IMPORT_MAX_ATTEMPTS = 5;

/** Another worker holds the import now (this one's claim ran out): stop, write nothing. */
class LostClaim extends Error {}

/** Rows handed out by the open file, kept between ticks of the same worker so it need not re-read. */
interface OpenFile {
  importId: string;
  position: number;
  rows: AsyncGenerator<ImportRowOutcome, void, undefined>;
}

function mappingOf(json: string | null): ColumnMapping {
  const mapping: ColumnMapping = {};
  try {
    const value = json ? (JSON.parse(json) as Record<string, unknown>) : {};
    for (const field of IMPORT_FIELDS) {
      const index = value[field];
      if (typeof index === 'number' && Number.isInteger(index) && index >= 0)
        mapping[field as ImportField] = index;
    }
  } catch {
    // An unreadable mapping maps nothing: the file is refused as having no phone or email column.
  }
  return mapping;
}

const stageOf = (value: string | null): LeadStage | null =>
  value && (LEAD_STAGES as readonly string[]).includes(value) ? (value as LeadStage) : null;

const countsOf = (row: LeadImportRow): ImportCounts => ({
  dataRows: row.data_rows,
  imported: row.imported,
  merged: row.merged,
  flagged: row.flagged,
  rejected: row.rejected,
  skipped: row.skipped,
});

interface Run {
  deps: JobDeps;
  worker: string;
  row: LeadImportRow;
  totals: ImportCounts;
  report: ReportFile;
}

async function commitChunk(run: Run, chunk: ImportRowOutcome[]): Promise<void> {
  const { deps, worker, row } = run;
  const next: ImportCounts = { ...run.totals };
  const context: RowContext = {
    deps,
    projectId: row.project_id ?? '',
    actorId: row.created_by,
    settings: {
      stage: stageOf(row.stage),
      assigneeId: row.assignee_id,
      onDuplicate: (row.on_duplicate === 'flag' ? 'flag' : 'merge') as DuplicateRule,
    },
    totals: next,
    now: toIso(deps.clock.now()),
  };
  const until = toIso(addMs(deps.clock.now(), IMPORT_CLAIM_MS));
  const end = await writeTransaction(deps.db, async (trx) => {
    if (!(await holdImportChunk(trx, { id: row.id, worker, done: run.totals.dataRows, until })))
      throw new LostClaim(row.id);
    const leads = chunk.flatMap((one) =>
      one.outcome === 'valid' || one.outcome === 'duplicate' ? [one.lead] : [],
    );
    context.matcher = await batchMatcher(trx, context.projectId, leads);
    const lines: ImportReportLine[] = [];
    for (const outcome of chunk) lines.push(...(await judgeImportRow(trx, context, outcome)));
    next.dataRows += chunk.length;
    const reportEnd = await run.report.append(importReportRows(lines));
    await updateImportProgress(trx, { id: row.id, totals: next, reportBytes: reportEnd });
    return reportEnd;
  });
  run.totals = next;
  run.report.end = end;
}

async function finish(run: Run, error: string | null, stoppedAt?: number): Promise<void> {
  const { deps, row } = run;
  let reportBytes = run.report.end;
  if (error !== null) {
    const line = { rowNumber: stoppedAt ?? 0, outcome: 'stopped' as const, field: 'File', reason: error };
    reportBytes = await run.report.append(importReportRows([line]));
  }
  const finished = await finishLeadImport(deps.db, {
    id: row.id,
    worker: run.worker,
    status: error ? 'failed' : 'done',
    totals: run.totals,
    reportBytes,
    error,
    now: toIso(deps.clock.now()),
  });
  if (!finished) throw new LostClaim(row.id);
  await rm(uploadPath(deps, row.id), { force: true });
  deps.log.info('leads.import_finished', { importId: row.id, ...run.totals, failed: Boolean(error) });
}

type Step = { chunks: number; rows: number; finished: boolean };

/** Reads up to one chunk of outcomes; a file that stops being text ends the chunk early. */
async function readChunk(rows: OpenFile['rows']) {
  const chunk: ImportRowOutcome[] = [];
  try {
    while (chunk.length < IMPORT_CHUNK_ROWS) {
      const next = await rows.next();
      if (next.done) return { chunk, ended: true, fileError: undefined };
      chunk.push(next.value);
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    return { chunk, ended: true, fileError: error.failure.message };
  }
  return { chunk, ended: false, fileError: undefined };
}

/** What a tick did: rows settled, ticks that lost their claim, runs that failed on our side. */
export interface ImportTickResult {
  processed: number;
  skipped: number;
  failed: number;
}

/** One worker (one process): it keeps the open file between its ticks. */
export interface ImportWorker {
  tick(deps: JobDeps, now: Date): Promise<ImportTickResult>;
}

/**
 * A worker of queued imports. `worker` names it in claims (default: a fresh id per process);
 * a tick works through at most `chunksPerTick` chunks, so a shutdown never waits for a whole file.
 */
export function importWorker(options: { worker?: string; chunksPerTick?: number } = {}): ImportWorker {
  let worker = options.worker;
  const chunksPerTick = options.chunksPerTick ?? 20;
  let kept: OpenFile | undefined;

  const dropKept = async () => {
    const rows = kept?.rows;
    kept = undefined;
    await rows?.return(undefined).catch(() => undefined);
  };

  /** The file's rows from the committed position on: the kept reader, or the file read again. */
  async function rowsFrom(run: Run): Promise<OpenFile['rows'] | { error: string; at: number }> {
    const { row, deps } = run;
    if (kept && kept.importId === row.id && kept.position === run.totals.dataRows) return kept.rows;
    await dropKept();
    const opened = await importCsvRows(
      Bun.file(uploadPath(deps, row.id)).stream(),
      mappingOf(row.column_indexes),
      {
        defaultCountry: row.default_country ?? undefined,
      },
    );
    if (!opened.ok) return { error: opened.message, at: 0 };
    // Rows before the committed position are judged again (the in-file duplicate rule needs them) and dropped.
    for (let skipped = 0; skipped < run.totals.dataRows; skipped++) {
      try {
        if ((await opened.value.rows.next()).done) break;
      } catch (error) {
        if (!(error instanceof CsvFileError)) throw error;
        return { error: error.failure.message, at: run.totals.dataRows + 1 };
      }
    }
    return opened.value.rows;
  }

  async function runClaimed(deps: JobDeps, id: string, row: LeadImportRow, budget: number): Promise<Step> {
    const path = uploadPath(deps, row.id);
    const exists = await stat(path).catch(() => undefined);
    if (row.total_rows === null && exists) {
      row.total_rows = await countCsvDataRows(Bun.file(path).stream());
      await updateImportTotalRows(deps.db, { id: row.id, worker: id, total: row.total_rows });
    }
    const report = await ReportFile.open(reportPath(deps, row.id), row.report_bytes);
    const run: Run = { deps, worker: id, row, totals: countsOf(row), report };
    try {
      if (!exists) {
        await finish(run, 'The uploaded file is gone: upload it again.');
        return { chunks: 0, rows: 0, finished: true };
      }
      const rows = await rowsFrom(run);
      if (!(Symbol.asyncIterator in rows)) {
        await finish(run, rows.error, rows.at);
        return { chunks: 0, rows: 0, finished: true };
      }
      const startedAt = run.totals.dataRows;
      for (let chunks = 1; ; chunks++) {
        const { chunk, ended, fileError } = await readChunk(rows);
        if (chunk.length > 0) await commitChunk(run, chunk);
        const settled = run.totals.dataRows - startedAt;
        if (fileError !== undefined) await finish(run, fileError, run.totals.dataRows + 1);
        else if (ended) await finish(run, null);
        if (ended) {
          kept = undefined;
          return { chunks, rows: settled, finished: true };
        }
        if (chunks >= budget) {
          kept = { importId: row.id, position: run.totals.dataRows, rows };
          return { chunks, rows: settled, finished: false };
        }
      }
    } finally {
      await report.close();
    }
  }

  /** A failure on our side: retried after a pause, given up after IMPORT_MAX_ATTEMPTS. */
  async function troubled(deps: JobDeps, id: string, row: LeadImportRow, error: unknown) {
    deps.log.error('leads.import_job_failed', { importId: row.id, attempt: row.attempts + 1, error });
    const now = deps.clock.now();
    if (row.attempts + 1 < IMPORT_MAX_ATTEMPTS) {
      await releaseTroubledImport(deps.db, {
        id: row.id,
        worker: id,
        retryAt: toIso(addMs(now, TROUBLE_RETRY_MS)),
      });
      return;
    }
    const message = `The import stopped on our side after ${IMPORT_MAX_ATTEMPTS} attempts; rows up to ${row.data_rows} were imported. Upload the rest again.`;
    const stopped = await finishLeadImport(deps.db, {
      id: row.id,
      worker: id,
      status: 'failed',
      totals: countsOf(row),
      reportBytes: row.report_bytes,
      error: message,
      now: toIso(now),
    });
    if (stopped) await rm(uploadPath(deps, row.id), { force: true });
  }

  return {
    async tick(deps, now) {
      worker ??= deps.ids.next();
      const id = worker;
      const result: ImportTickResult = { processed: 0, skipped: 0, failed: 0 };
      let budget = chunksPerTick;
      while (budget > 0) {
        const claim = { worker: id, now: toIso(now) };
        const [listed] = await listClaimableImports(deps.db, claim, 1);
        if (!listed) break;
        const until = toIso(addMs(now, IMPORT_CLAIM_MS));
        if (!(await claimLeadImport(deps.db, { id: listed.id, ...claim, until }))) break;
        // Read again under the claim: the previous holder may have committed a chunk meanwhile.
        const row = await findLeadImport(deps.db, listed.id);
        if (!row) break;
        try {
          const step = await runClaimed(deps, id, row, budget);
          budget -= Math.max(1, step.chunks);
          result.processed += step.rows;
          if (!step.finished) break;
        } catch (error) {
          await dropKept();
          if (error instanceof LostClaim) {
            deps.log.warn('leads.import_claim_lost', { importId: row.id, worker: id });
            result.skipped++;
          } else {
            result.failed++;
            await troubled(deps, id, row, error).catch((again) =>
              deps.log.error('leads.import_job_failed', { importId: row.id, error: again }),
            );
          }
          break;
        }
      }
      return result;
    },
  };
}

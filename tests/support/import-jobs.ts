import { importWorker } from '../../src/crm/lead-import-job.service.ts';
import type { Deps } from '../../src/deps.ts';

/**
 * Runs the CSV import job (what the `lead-imports` sweeper does on the leader) until no queued
 * import is left: tests drive it explicitly instead of waiting for the scheduler's timer.
 */
export async function drainImportJobs(
  deps: Deps,
  { worker = importWorker({ worker: 'test-worker' }), maxTicks = 1000 } = {},
): Promise<number> {
  let ticks = 0;
  for (; ticks < maxTicks; ticks++) {
    const result = await worker.tick(deps, deps.clock.now());
    const queued = await deps.db
      .selectFrom('lead_imports')
      .select('id')
      .where('status', '=', 'importing')
      .executeTakeFirst();
    if (!queued) return ticks + 1;
    if (result.processed === 0 && result.failed === 0 && result.skipped === 0)
      throw new Error('an import is queued but the job made no progress');
  }
  throw new Error(`imports still queued after ${maxTicks} ticks`);
}

import type { Sweeper } from '../jobs/scheduler.ts';
import { importWorker } from './lead-import-job.service.ts';
import { expireStaleUploads } from './lead-imports.service.ts';

/** CSV uploads left without a mapping for a day: their files leave DATA_DIR (CRM-5). */
export function leadUploadsSweeper(everyMs = 10 * 60_000): Sweeper {
  return {
    name: 'lead-uploads',
    everyMs,
    async tick(deps, now) {
      return { processed: await expireStaleUploads(deps, now), skipped: 0, failed: 0 };
    },
  };
}

/**
 * Queued CSV imports (docs/decisions/0046): each tick imports up to `chunksPerTick` chunks of the
 * oldest queued file, so 100,000 rows take a few dozen ticks and a shutdown waits for one chunk run
 * at most. `processed` counts rows settled.
 */
export function leadImportsSweeper({ everyMs = 1000, chunksPerTick = 20 } = {}): Sweeper {
  const worker = importWorker({ chunksPerTick });
  return { name: 'lead-imports', everyMs, tick: (deps, now) => worker.tick(deps, now) };
}

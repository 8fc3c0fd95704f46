import type { Sweeper } from '../jobs/scheduler.ts';
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

import type { Sweeper } from '../jobs/scheduler.ts';
import { pollDueSheetSources } from './sheet-sources.service.ts';

/** Google Sheets lead sources (CRM-6): polls the due sources, under the leader lease like every sweeper. */
export const SHEET_SOURCES_SWEEP_MS = 5_000;

export function sheetSourcesSweeper(everyMs = SHEET_SOURCES_SWEEP_MS): Sweeper {
  return {
    name: 'sheet-sources',
    everyMs,
    async tick(deps, now) {
      const tally = await pollDueSheetSources(deps, now);
      return { processed: tally.polled, skipped: 0, failed: tally.failed };
    },
  };
}

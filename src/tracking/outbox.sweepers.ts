import type { Sweeper } from '../jobs/scheduler.ts';
import { sendDueOutboxEvents } from './outbox-sender.service.ts';

/** How often the leader looks for due conversion events (TRACK-3). */
export const OUTBOX_SWEEP_MS = 5_000;

/** Delivers due conversion events to Meta and GA4, under the sweepers' leader lease. */
export function outboxSenderSweeper(everyMs = OUTBOX_SWEEP_MS): Sweeper {
  return {
    name: 'conversion-outbox',
    everyMs,
    async tick(deps, now) {
      const tally = await sendDueOutboxEvents(deps, now);
      return { processed: tally.sent, skipped: tally.skipped + tally.retrying, failed: tally.failed };
    },
  };
}

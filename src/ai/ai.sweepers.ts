import { writeTransaction } from '../db/dialect.ts';
import type { Sweeper, TickResult } from '../jobs/scheduler.ts';
import { addMs, toIso } from '../shared/clock.ts';
import { listAiUnansweredChatIds } from './ai.queries.ts';
import { replyLostAfterMs } from './ai-agent.ts';
import { releaseAllAiChats, returnToHumans } from './ai-handover.service.ts';
import { deleteAiErrorsBefore } from './ai-settings.queries.ts';
import { loadAiSettings } from './ai-settings.service.ts';

/** The settings page lists recent failures; older ones are forgotten after this long. */
export const KEEP_AI_ERRORS_MS = 30 * 24 * 60 * 60_000;
const BATCH = 100;

/**
 * The AI's safety net, under the leader lock (docs/decisions/0025): a chat never stays stuck with
 * the AI. With the AI off, anything it still holds (a chat taken on an instance that had not yet
 * read the change) goes to the human queue. With it on, a visitor message left unanswered longer
 * than any reply can take means the instance composing it died: the chat goes back to routing
 * (to a human, or to the AI again on a live instance, which then answers it).
 */
export function aiWatchdogSweeper(everyMs: number): Sweeper {
  return {
    name: 'ai-watchdog',
    everyMs,
    async tick(deps, now) {
      const result: TickResult = { processed: 0, skipped: 0, failed: 0 };
      const settings = await loadAiSettings(deps);
      if (!settings.enabled) {
        result.processed += await releaseAllAiChats(deps, 'ai_off');
      } else {
        const cutoff = toIso(addMs(now, -replyLostAfterMs(settings)));
        for (const id of await listAiUnansweredChatIds(deps.db, cutoff, BATCH)) {
          try {
            const handed = await returnToHumans(deps, id, 'reply_lost');
            result[handed ? 'processed' : 'skipped']++;
            if (handed) deps.log.warn('ai.reply_lost', { conversationId: id });
          } catch (error) {
            deps.log.error('job.item_failed', { job: this.name, id, error });
            result.failed++;
          }
        }
      }
      const before = toIso(addMs(now, -KEEP_AI_ERRORS_MS));
      await writeTransaction(deps.db, (trx) => deleteAiErrorsBefore(trx, before));
      return result;
    },
  };
}

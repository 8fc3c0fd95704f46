import { z } from 'zod';
import { findConversationById } from '../conversations/conversations.queries.ts';
import type { Deps } from '../deps.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { findKnownVisitor } from './chat-start.service.ts';
import { countQueuedAhead, findVisitorSettingsValue } from './visitors.queries.ts';

/**
 * What a waiting visitor sees (BEYOND-3): their place in the queue and, after a configurable
 * wait with no agent, the offer to leave a message. The settings live under the `visitor_page`
 * key (JSON), with defaults when unset or invalid.
 */
const settingsSchema = z.object({
  leaveMessageAfterMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600_000)
    .catch(120_000),
});
export type VisitorSettings = z.infer<typeof settingsSchema>;

export async function loadVisitorSettings(deps: Pick<Deps, 'db'>): Promise<VisitorSettings> {
  const raw = await findVisitorSettingsValue(deps.db);
  let json: unknown = {};
  try {
    json = raw ? JSON.parse(raw) : {};
  } catch {
    json = {};
  }
  return settingsSchema.parse(typeof json === 'object' && json !== null ? json : {});
}

export interface QueueState {
  status: string;
  /** 1 = next in line; null once the chat is no longer waiting. */
  position: number | null;
  waitedMs: number;
  offerLeaveMessage: boolean;
}

export async function queueStateFor(
  deps: Deps,
  input: { projectId: string; token: string | undefined; conversationId: string },
): Promise<Result<QueueState, 'not_found'>> {
  const visitor = await findKnownVisitor(deps, input.projectId, input.token);
  const conversation = await findConversationById(deps.db, input.conversationId);
  // Someone else's conversation is "not found", never "forbidden" (VIS-3).
  if (!visitor || conversation?.visitorId !== visitor.id) return fail('not_found');
  if (conversation.status !== 'unassigned' || !conversation.queuedAt) {
    return ok({ status: conversation.status, position: null, waitedMs: 0, offerLeaveMessage: false });
  }
  const waitedMs = Math.max(0, deps.clock.now().getTime() - Date.parse(conversation.queuedAt));
  const settings = await loadVisitorSettings(deps);
  return ok({
    status: conversation.status,
    position: (await countQueuedAhead(deps.db, conversation.queuedAt, conversation.id)) + 1,
    waitedMs,
    offerLeaveMessage: waitedMs >= settings.leaveMessageAfterMs,
  });
}

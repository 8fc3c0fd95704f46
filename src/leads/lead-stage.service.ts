import { type AccessDenied, checkChatAccess } from '../agent/agent-console.service.ts';
import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { updateConversationLeadStage } from './lead-stage.queries.ts';
import type { LeadStage } from './lead-stage.ts';

/**
 * An agent marks the lead stage of their own chat (ADMIN-7 `leads.stage`: own chats).
 * Admin/manager changes (any chat) and the TRACK-2/3 conversion events build on this function.
 */
export async function changeLeadStageAsAgent(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { userId: string; conversationId: string; stage: LeadStage },
): Promise<Result<LeadStage, AccessDenied>> {
  const access = await checkChatAccess(deps, input.userId, input.conversationId, 'write');
  if (!access.ok) return fail(access.code);
  await updateConversationLeadStage(deps.db, {
    conversationId: input.conversationId,
    stage: input.stage,
    now: toIso(deps.clock.now()),
  });
  return ok(input.stage);
}

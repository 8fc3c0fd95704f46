import type { Deps } from '../deps.ts';
import { fail, type Result } from '../shared/result.ts';

// TEMP until route merges: only the contract `routeConversation(deps, conversationId)`, so the
// visitor chat start compiles and hands its chats to routing. It assigns nothing (the chat stays
// queued); the routing branch's real implementation replaces this whole file.
export async function routeConversation(
  _deps: Deps,
  _conversationId: string,
): Promise<Result<{ assigneeId: string }, 'queued' | 'not_found' | 'closed'>> {
  return fail('queued');
}

import { type AccessDenied, checkChatAccess } from '../conversations/chat-access.service.ts';
import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { deleteStar, insertStar } from './stars.queries.ts';

/**
 * Stars are a personal bookmark (AGENT-3), stored server-side so they follow the agent across
 * devices. Any chat the agent may read can be starred; starring never changes the chat itself.
 */
export async function setStar(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
  conversationId: string,
  starred: boolean,
): Promise<Result<boolean, AccessDenied>> {
  const access = await checkChatAccess(deps, userId, conversationId, 'read');
  if (!access.ok) return fail(access.code);
  if (starred) await insertStar(deps.db, userId, conversationId, toIso(deps.clock.now()));
  else await deleteStar(deps.db, userId, conversationId);
  return ok(starred);
}

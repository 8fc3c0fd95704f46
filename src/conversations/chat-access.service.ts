import type { Deps } from '../deps.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { type AccessFacts, type ChatAccess, canRead, canWrite, chatAccessFor } from './chat-access.ts';
import { findConversationAccess } from './conversations.queries.ts';

export type AccessDenied = 'not_found' | 'read_only';

/**
 * The ownership check every agent action runs before reading or changing a conversation (console
 * routes, stars, lead stages, attachments). A chat the agent may not even read answers
 * `not_found`, so ids of others' chats reveal nothing.
 */
export async function checkChatAccess(
  deps: Pick<Deps, 'db'>,
  userId: string,
  conversationId: string,
  need: 'read' | 'write',
): Promise<Result<AccessFacts & { id: string; access: ChatAccess }, AccessDenied>> {
  const chat = await findConversationAccess(deps.db, conversationId);
  if (!chat) return fail('not_found');
  const access = chatAccessFor(userId, chat);
  if (!canRead(access)) return fail('not_found');
  if (need === 'write' && !canWrite(access)) return fail('read_only');
  return ok({ ...chat, access });
}

import type { Deps } from '../deps.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { type FollowUp, findConversationAccess, listFollowUpsDue } from './agent-console.queries.ts';
import { type AccessFacts, type ChatAccess, canRead, canWrite, chatAccessFor } from './chat-access.ts';

export type AccessDenied = 'not_found' | 'read_only';

/**
 * The ownership check every console route runs before reading or changing a conversation.
 * A chat the agent may not even read answers `not_found`, so ids of others' chats reveal nothing.
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

/** The calendar day of `now` in UTC, as follow-up dates are stored (YYYY-MM-DD). */
export const dayOf = (now: Date): string => now.toISOString().slice(0, 10);

const FOLLOW_UPS_SHOWN = 50;

/** AGENT-7: follow-ups due today (and overdue ones, so nothing slips) for the agent's dashboard. */
export async function followUpsDue(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
): Promise<{ today: string; items: FollowUp[] }> {
  const today = dayOf(deps.clock.now());
  return { today, items: await listFollowUpsDue(deps.db, userId, today, FOLLOW_UPS_SHOWN) };
}

import type { StaffUser } from '../auth/staff-user.ts';
import type { Deps } from '../deps.ts';
import { findConversationState } from '../messages/conversation-state.queries.ts';
import { loadHistory } from '../messages/history.service.ts';
import { HISTORY_PAGE } from '../messages/message.ts';
import { sendMessage } from '../messages/messages.service.ts';
import { closeConversation } from '../routing/lifecycle.service.ts';
import { listIpBlocksPage } from '../security/ip-blocks.queries.ts';
import { blockIp, unblockIp } from '../security/ip-blocks.service.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok } from '../shared/result.ts';
import type { ChatHistory, VisitorBlockState } from './chat.ts';
import { findConversationVisitorIp } from './chats.queries.ts';

/**
 * What the admin/manager chat modal does beyond routing (ADMIN-2): history, replies "from admin",
 * and blocking the visitor's address (SEC-3) through the realtime and security modules.
 */
type ChatDeps = Pick<
  Deps,
  'db' | 'clock' | 'ids' | 'log' | 'publisher' | 'presence' | 'blocks' | 'messageWriter' | 'aiAgent'
>;

/** The last 30 messages, or the 30 before `before` (VIS-4 keyset through the messages module). */
export async function loadChatHistory(
  deps: Pick<Deps, 'db'>,
  conversationId: string,
  before?: string,
): Promise<ChatHistory | undefined> {
  const state = await findConversationState(deps.db, conversationId);
  if (!state) return undefined;
  const page = await loadHistory(deps, state, { limit: HISTORY_PAGE, ...(before ? { before } : {}) });
  return page.ok ? { messages: page.value.messages, olderCursor: page.value.olderCursor } : undefined;
}

/** Admins and managers write as "admin": the visitor sees a "from admin" bubble. */
export async function replyAsAdmin(
  deps: ChatDeps,
  input: { conversationId: string; body: string; actor: Pick<StaffUser, 'id' | 'displayName'> },
) {
  return sendMessage(deps, {
    conversationId: input.conversationId,
    clientMessageId: deps.ids.next(),
    senderKind: 'admin',
    senderUserId: input.actor.id,
    senderName: input.actor.displayName,
    body: input.body,
  });
}

/** The visitor's address and the newest block in force on it, with who made it (SEC-3). */
export async function visitorBlockState(deps: Pick<Deps, 'db' | 'clock'>, conversationId: string) {
  const ip = await findConversationVisitorIp(deps.db, conversationId);
  const now = toIso(deps.clock.now());
  const blocks = ip
    ? await listIpBlocksPage(deps.db, { state: 'active', kind: 'all', ip, now, count: 1 })
    : [];
  return { ip, block: blocks[0] } satisfies VisitorBlockState;
}

/** Blocks the visitor's address for good with a reason (audit row: operator, reason, time) and ends the chat. */
export async function blockVisitor(
  deps: ChatDeps,
  input: { conversationId: string; reason: string; actorId: string; actorIp: string },
) {
  const ip = await findConversationVisitorIp(deps.db, input.conversationId);
  if (!ip) return fail('chat.no_visitor_ip');
  const blocked = await blockIp(deps, {
    ip,
    reason: input.reason,
    operatorId: input.actorId,
    operatorIp: input.actorIp,
    conversationId: input.conversationId,
  });
  if (!blocked.ok) return blocked;
  // Already closed is fine: the block is what matters.
  await closeConversation(deps, { conversationId: input.conversationId, actorId: input.actorId });
  return ok({ ip: blocked.value.ip });
}

export async function unblockVisitor(deps: ChatDeps, input: { conversationId: string; actorId: string }) {
  const ip = await findConversationVisitorIp(deps.db, input.conversationId);
  if (!ip) return fail('chat.no_visitor_ip' as const);
  return unblockIp(deps, { ip, operatorId: input.actorId });
}

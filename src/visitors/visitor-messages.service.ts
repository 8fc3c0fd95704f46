import type { Deps } from '../deps.ts';
import { findConversationState } from '../messages/conversation-state.queries.ts';
import { type HistoryQuery, loadHistory } from '../messages/history.service.ts';
import type { HistoryPage } from '../messages/message.ts';
import {
  type SendMessageError,
  type SendMessageInput,
  type SentMessage,
  sendMessage,
} from '../messages/messages.service.ts';
import { markVisitorBack } from '../routing/lifecycle.service.ts';
import type { RoutingDeps } from '../routing/routing.service.ts';
import { fail, type Result } from '../shared/result.ts';
import { visitorTokenHash } from './visitor-token.ts';
import { findVisitorByTokenHash } from './visitors.queries.ts';

export type VisitorMessageInput = Omit<
  SendMessageInput,
  'senderKind' | 'senderUserId' | 'senderName' | 'guard'
> & {
  visitorId: string;
};

/**
 * A message from the visitor, whatever carried it (a socket send, an image upload): stored and
 * published like every message, and then ROUTE-6: the visitor's message wakes a parked chat
 * (active again with its agent, or back in the queue and routed), and the AI fallback agent
 * answers it when it holds the chat (AI-2, AI-3).
 */
export async function sendVisitorMessage(
  deps: RoutingDeps & Pick<Deps, 'messageWriter'>,
  input: VisitorMessageInput,
): Promise<Result<SentMessage, SendMessageError>> {
  const { visitorId, ...message } = input;
  const sent = await sendMessage(deps, { ...message, senderKind: 'visitor', guard: { visitorId } });
  if (sent.ok && sent.value.conversationStatus === 'offline')
    await markVisitorBack(deps, input.conversationId);
  // AI-3: in a chat the AI holds, the message gets a paced answer (or a human takes over now).
  if (sent.ok && sent.value.created) {
    await deps.aiAgent.visitorWrote({
      conversationId: input.conversationId,
      seq: sent.value.message.seq,
      heldBy: sent.value.conversationAssigneeId,
    });
  }
  return sent;
}

/**
 * The visitor side of history (VIS-4, RT-3): the token must belong to the conversation's own
 * visitor in the conversation's own project (VIS-3); anything else is "not found", never "forbidden".
 */
export async function loadVisitorHistory(
  deps: Pick<Deps, 'db'>,
  input: { conversationId: string; tokenFor: (projectId: string) => string | undefined; query: HistoryQuery },
): Promise<Result<HistoryPage, 'not_found' | 'bad_cursor'>> {
  const conversation = await findConversationState(deps.db, input.conversationId);
  if (!conversation) return fail('not_found');
  const token = input.tokenFor(conversation.projectId);
  if (!token) return fail('not_found');
  const visitor = await findVisitorByTokenHash(deps.db, conversation.projectId, visitorTokenHash(token));
  if (!visitor || visitor.id !== conversation.visitorId) return fail('not_found');
  return loadHistory(deps, conversation, input.query);
}

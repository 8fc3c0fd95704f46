import type { ConversationStatus } from '../conversations/conversation.ts';
import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { findConversationState } from './conversation-state.queries.ts';
import { MAX_MESSAGE_LENGTH, type Message, type SenderKind, type SendGuard } from './message.ts';

export interface SendMessageInput {
  conversationId: string;
  /** Chosen by the sending client; a retry with the same id returns the stored message. */
  clientMessageId: string;
  senderKind: SenderKind;
  senderUserId?: string | null;
  /** Shown on the live event; history reads the name from users. */
  senderName?: string | null;
  body: string;
  replyToId?: string | null;
  attachmentId?: string | null;
  /**
   * Ownership checked atomically with the write: an agent writes only while the conversation is
   * assigned to them, a visitor only to their own (callers derive it with writeGuardOf).
   */
  guard?: SendGuard;
}

export type SendMessageError =
  | 'conversation_not_found'
  | 'conversation_closed'
  | 'forbidden'
  | 'empty_message'
  | 'message_too_long'
  | 'bad_client_message_id';

export interface SentMessage {
  message: Message;
  /** false when this was a retry of an already stored message: nothing was published. */
  created: boolean;
  /** The chat's status right after this message was stored; null for a retry. */
  conversationStatus: ConversationStatus | null;
  /** The chat's assignee right after this message was stored; null when unassigned or a retry. */
  conversationAssigneeId: string | null;
}

/**
 * THE way any sender posts a message (visitor, agent, admin, AI, system). Persists first, in a
 * group-committed transaction that takes the conversation's next seq, then publishes
 * `message.created`. A message acknowledged to its sender is in the database. Callers check
 * that the sender may write to the conversation (src/realtime/access.ts) before calling.
 */
export async function sendMessage(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'publisher' | 'messageWriter'>,
  input: SendMessageInput,
): Promise<Result<SentMessage, SendMessageError>> {
  const attachmentId = input.attachmentId ?? null;
  if (input.body.trim() === '' && !attachmentId) return fail('empty_message');
  if (input.body.length > MAX_MESSAGE_LENGTH) return fail('message_too_long');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(input.clientMessageId)) return fail('bad_client_message_id');

  const outcome = await deps.messageWriter.write({
    id: deps.ids.next(),
    conversationId: input.conversationId,
    clientMessageId: input.clientMessageId,
    senderKind: input.senderKind,
    senderUserId: input.senderUserId ?? null,
    senderName: input.senderName ?? null,
    body: input.body,
    replyToId: input.replyToId ?? null,
    attachmentId,
    now: toIso(deps.clock.now()),
    openOnly: input.senderKind !== 'system',
    guard: input.guard,
  });
  if (outcome.kind === 'existing') {
    return ok({
      message: outcome.message,
      created: false,
      conversationStatus: null,
      conversationAssigneeId: null,
    });
  }
  if (outcome.kind === 'refused') {
    const state = await findConversationState(deps.db, input.conversationId);
    if (!state) return fail('conversation_not_found');
    const { assigneeId, visitorId } = input.guard ?? {};
    const owned =
      (!assigneeId || state.assigneeId === assigneeId) && (!visitorId || state.visitorId === visitorId);
    return fail(owned ? 'conversation_closed' : 'forbidden');
  }
  deps.publisher.publish({
    type: 'message.created',
    conversationId: input.conversationId,
    message: outcome.message,
  });
  return ok({
    message: outcome.message,
    created: true,
    conversationStatus: outcome.conversationStatus,
    conversationAssigneeId: outcome.assigneeId,
  });
}

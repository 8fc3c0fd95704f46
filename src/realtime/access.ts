import { scopeOf } from '../auth/policy.ts';
import type { Role } from '../auth/roles.ts';
import type { ConversationState } from '../messages/conversation-state.queries.ts';
import type { SenderKind, SendGuard } from '../messages/message.ts';

/**
 * Who is on the other end of a socket. `pending`: a visitor page that opened its socket before it
 * has a chat (PERF-7, ADR 0051): it may only ping until the chat start binds it to its visitor.
 */
export type Actor =
  | { kind: 'staff'; userId: string; role: Role; name: string }
  | { kind: 'visitor'; visitorId: string; projectId: string }
  | { kind: 'pending'; projectId: string };

type Conversation = Pick<ConversationState, 'projectId' | 'visitorId' | 'assigneeId'>;

/**
 * May this actor watch the conversation (RT-1, ADMIN-7 `chats.view`)? Visitors: their own only;
 * agents: assigned to them; admin, manager and QA: any.
 */
export function canWatch(actor: Actor, conversation: Conversation): boolean {
  if (actor.kind === 'pending') return false;
  if (actor.kind === 'visitor') {
    return conversation.visitorId === actor.visitorId && conversation.projectId === actor.projectId;
  }
  const scope = scopeOf(actor.role, 'chats.view');
  if (scope === 'all' || scope === 'read') return true;
  return scope === 'own' && conversation.assigneeId === actor.userId;
}

/**
 * May this actor write (send, type, acknowledge) in a conversation (`chats.reply`)? As the
 * conditions sendMessage checks inside its atomic write, so the hot path needs no read first:
 * a visitor only their own conversation, an agent only while it is assigned to them, admin and
 * manager any. undefined = this actor may never write (QA watches only, QA-1).
 */
export function writeGuardOf(actor: Actor): SendGuard | undefined {
  if (actor.kind === 'pending') return undefined;
  if (actor.kind === 'visitor') return { visitorId: actor.visitorId };
  const scope = scopeOf(actor.role, 'chats.reply');
  if (scope === 'all') return {};
  return scope === 'own' ? { assigneeId: actor.userId } : undefined;
}

/** Admin and manager replies show as "from admin" bubbles (ADMIN-2); agents as agents. */
export function senderKindOf(actor: Actor): SenderKind {
  if (actor.kind !== 'staff') return 'visitor';
  return actor.role === 'agent' ? 'agent' : 'admin';
}

/** Staff roles that follow every conversation through `topics.staff()`. */
export const watchesAllConversations = (role: Role): boolean => {
  const scope = scopeOf(role, 'chats.view');
  return scope === 'all' || scope === 'read';
};

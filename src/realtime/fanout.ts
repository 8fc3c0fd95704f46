import { eventAudience, type RealtimeEvent } from './events.ts';
import type { Publisher } from './publisher.ts';
import { topics } from './topics.ts';

type ConversationEvent = Extract<RealtimeEvent, { conversationId: string }>;

/**
 * The topics a conversation event goes to, decided here once. Subscriber sets are disjoint, so
 * no socket gets an event twice: agents follow `conversation(id)` of chats assigned to them,
 * admin/manager/QA follow `staff()`, the visitor follows `visitor(id)` (audience 'everyone' only).
 */
export function conversationEventTopics(event: ConversationEvent): string[] {
  const list = [topics.conversation(event.conversationId), topics.staff()];
  if (eventAudience[event.type] === 'everyone') list.push(topics.visitor(event.conversationId));
  // The new assignee is not yet subscribed to the conversation: their inbox tells them.
  if (event.type === 'conversation.assigned' && event.assigneeId)
    list.push(topics.agentInbox(event.assigneeId));
  return list;
}

/** How services publish anything about a conversation. */
export function publishConversationEvent(publisher: Publisher, event: ConversationEvent): void {
  for (const topic of conversationEventTopics(event)) publisher.publish(topic, event);
}

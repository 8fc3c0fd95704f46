import type { Deps } from '../deps.ts';
import type { RealtimeEvent } from '../realtime/events.ts';
import { topics } from '../realtime/topics.ts';
import type { ConversationStatus } from './conversation.ts';

/**
 * Who hears about a lifecycle change, decided once. Staff consoles listen on `staff()`, each agent
 * on their own inbox, an open chat pane on `conversation(id)`; the visitor only on `visitor(id)`
 * and only for events whose audience is 'everyone' (status and close, never assignment).
 */
type Publish = Pick<Deps, 'publisher'>;

function inboxChanged(deps: Publish, userIds: ReadonlyArray<string | null>): void {
  for (const userId of new Set(userIds)) {
    if (userId) deps.publisher.publish(topics.agentInbox(userId), { type: 'inbox.changed', userId });
  }
}

/** A chat changed hands: the new holder receives it live and the previous one loses it live (ROUTE-8). */
export function publishAssigned(
  deps: Publish,
  change: {
    conversationId: string;
    assigneeId: string | null;
    previousAssigneeId: string | null;
    status: ConversationStatus;
  },
): void {
  const event = { type: 'conversation.assigned' as const, ...change };
  const audience = [topics.staff(), topics.conversation(change.conversationId)];
  for (const userId of new Set([change.assigneeId, change.previousAssigneeId])) {
    if (userId) audience.push(topics.agentInbox(userId));
  }
  for (const topic of audience) deps.publisher.publish(topic, event);
  // The visitor never learns who took the chat (staff-only), but does learn that someone did:
  // the page drops its "you are next in line" notice at once instead of at its next poll.
  deps.publisher.publish(topics.visitor(change.conversationId), {
    type: 'conversation.status_changed',
    conversationId: change.conversationId,
    status: change.status,
  });
  inboxChanged(deps, [change.assigneeId, change.previousAssigneeId]);
}

/** A change everyone in the chat sees: staff consoles, the assignee's inbox and the visitor. */
function publishToEveryone(
  deps: Publish,
  event: RealtimeEvent & { conversationId: string },
  assigneeId: string | null,
): void {
  const audience = [
    topics.staff(),
    topics.conversation(event.conversationId),
    topics.visitor(event.conversationId),
  ];
  if (assigneeId) audience.push(topics.agentInbox(assigneeId));
  for (const topic of audience) deps.publisher.publish(topic, event);
  inboxChanged(deps, [assigneeId]);
}

export function publishStatusChanged(
  deps: Publish,
  change: { conversationId: string; status: ConversationStatus; assigneeId: string | null },
): void {
  publishToEveryone(
    deps,
    { type: 'conversation.status_changed', conversationId: change.conversationId, status: change.status },
    change.assigneeId,
  );
}

export function publishClosed(
  deps: Publish,
  change: { conversationId: string; closedBy: string | null; assigneeId: string | null },
): void {
  publishToEveryone(
    deps,
    { type: 'conversation.closed', conversationId: change.conversationId, closedBy: change.closedBy },
    change.assigneeId,
  );
}

export function publishCreated(deps: Publish, change: { conversationId: string; projectId: string }): void {
  deps.publisher.publish(topics.staff(), { type: 'conversation.created', ...change });
}

import type { Deps } from '../deps.ts';
import type { ConversationStatus } from './conversation.ts';

/**
 * The events a lifecycle change announces. Who hears each one is the audience table's decision
 * (src/events/audience.ts); this file only says what happened. Every change also tells the inbox
 * of each agent whose buckets it moves (`inbox.changed`), so their counts refresh.
 */
type Publish = Pick<Deps, 'publisher'>;

function inboxChanged(deps: Publish, userIds: ReadonlyArray<string | null>): void {
  for (const userId of new Set(userIds)) {
    if (userId) deps.publisher.publish({ type: 'inbox.changed', userId });
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
  deps.publisher.publish({ type: 'conversation.assigned', ...change });
  inboxChanged(deps, [change.assigneeId, change.previousAssigneeId]);
}

export function publishStatusChanged(
  deps: Publish,
  change: { conversationId: string; status: ConversationStatus; assigneeId: string | null },
): void {
  deps.publisher.publish({
    type: 'conversation.status_changed',
    conversationId: change.conversationId,
    status: change.status,
  });
  inboxChanged(deps, [change.assigneeId]);
}

export function publishClosed(
  deps: Publish,
  change: { conversationId: string; closedBy: string | null; assigneeId: string | null },
): void {
  deps.publisher.publish({
    type: 'conversation.closed',
    conversationId: change.conversationId,
    closedBy: change.closedBy,
  });
  inboxChanged(deps, [change.assigneeId]);
}

export function publishCreated(deps: Publish, change: { conversationId: string; projectId: string }): void {
  deps.publisher.publish({ type: 'conversation.created', ...change });
}

import type { RealtimeEvent, RealtimeEventType, VisitorEvent } from './events.ts';
import { topics } from './topics.ts';

/**
 * Who hears an event (chatwoot's recipient rule, decided in one place):
 * - `visitor`: the conversation's visitor, and only in the form `visitorFormOf` gives;
 * - `holder`: the agent holding the conversation (`conversation(id)`);
 * - `overseers`: admin, manager and QA consoles (`staff()`), who follow every conversation;
 * - `assignees`: the new and the previous assignee of a `conversation.assigned` (their inboxes:
 *   the new one does not follow the conversation yet, the previous one stops following it);
 * - `person`: the staff member the event names (`agentInbox(userId)`);
 * - `leadAgents`: the agents a `lead.changed` names (`agentInbox` of each, once): the service
 *   names only agents who may read the lead (ADR 0045), never an overseer.
 */
export type Listener = 'visitor' | 'holder' | 'overseers' | 'assignees' | 'person' | 'leadAgents';

/**
 * The audience table: the only place topics are chosen. Each listener is a topic whose subscribers
 * no other listener of the same event has (topics.ts), so every socket hears an event once.
 * Assignees are always agents (routing hands chats to agents only), never overseers.
 */
export const eventAudience = {
  'message.created': ['visitor', 'holder', 'overseers'],
  'receipt.updated': ['visitor', 'holder', 'overseers'],
  'typing.changed': ['visitor', 'holder', 'overseers'],
  // A visitor's presence goes to the agent holding their chat too; staff presence to consoles only.
  'presence.changed': ['holder', 'overseers'],
  'conversation.assigned': ['visitor', 'overseers', 'assignees'],
  'conversation.status_changed': ['visitor', 'holder', 'overseers'],
  'conversation.closed': ['visitor', 'holder', 'overseers'],
  'conversation.created': ['overseers'],
  'inbox.changed': ['person'],
  'ai.status_changed': ['holder', 'overseers'],
  'staff.removed': ['person'],
  // Matched to a socket by its key's hash in the hub, never sent to a topic.
  'socket.bound': [],
  // Not `holder`: the chat's holder is named in agentIds, so a holder who owns the lead hears it once.
  'lead.changed': ['overseers', 'leadAgents'],
} as const satisfies Record<RealtimeEventType, readonly Listener[]>;

const hears = (event: RealtimeEvent, listener: Listener): boolean =>
  (eventAudience[event.type] as readonly Listener[]).includes(listener);

/**
 * What the visitor receives of an event, or undefined for nothing. Private and internal activity
 * never reaches a visitor (chatwoot rule): only the events the table gives a `visitor` listener,
 * and an assignment only as the status it leaves the chat in (the visitor never learns who took
 * the chat, but the "you are next in line" notice goes at once instead of at its next poll).
 */
export function visitorFormOf(event: RealtimeEvent): VisitorEvent | undefined {
  if (!hears(event, 'visitor')) return undefined;
  switch (event.type) {
    case 'conversation.assigned':
      return {
        type: 'conversation.status_changed',
        conversationId: event.conversationId,
        status: event.status,
      };
    case 'message.created':
    case 'receipt.updated':
    case 'typing.changed':
    case 'conversation.status_changed':
    case 'conversation.closed':
      return event;
    default:
      return undefined;
  }
}

/** The conversation an event is about; a visitor's presence subject is their conversation. */
function conversationOf(event: RealtimeEvent): string | undefined {
  if ('conversationId' in event) return event.conversationId;
  return event.type === 'presence.changed' && event.subject === 'visitor' ? event.id : undefined;
}

export interface Delivery {
  topic: string;
  /** The form published on this topic (the visitor's form on a visitor topic). */
  event: RealtimeEvent;
}

/** Every topic an event goes to, with what is published there. */
export function deliveriesOf(event: RealtimeEvent): Delivery[] {
  const conversationId = conversationOf(event);
  const deliveries: Delivery[] = [];
  for (const listener of eventAudience[event.type] as readonly Listener[]) {
    if (listener === 'visitor') {
      const form = visitorFormOf(event);
      if (form) deliveries.push({ topic: topics.visitor(form.conversationId), event: form });
    } else if (listener === 'holder') {
      if (conversationId) deliveries.push({ topic: topics.conversation(conversationId), event });
    } else if (listener === 'overseers') {
      deliveries.push({ topic: topics.staff(), event });
    } else if (listener === 'assignees' && event.type === 'conversation.assigned') {
      for (const userId of new Set([event.assigneeId, event.previousAssigneeId])) {
        if (userId) deliveries.push({ topic: topics.agentInbox(userId), event });
      }
    } else if (listener === 'person' && 'userId' in event) {
      deliveries.push({ topic: topics.agentInbox(event.userId), event });
    } else if (listener === 'leadAgents' && event.type === 'lead.changed') {
      for (const userId of new Set(event.agentIds))
        deliveries.push({ topic: topics.agentInbox(userId), event });
    }
  }
  return deliveries;
}

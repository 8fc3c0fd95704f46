import type { ConversationStatus } from '../conversations/conversation.ts';
import type { Message } from '../messages/message.ts';

/**
 * Every realtime event, one discriminated union (STYLE 2.6), named `entity.past_tense`.
 * `eventAudience` (audience.ts) must name who hears each type: adding an event without deciding
 * is a compile error. Keep changes additive (new types, new optional fields) so the modules that
 * publish stay in step. Payloads use the domain types of the pure files they come from.
 */
export type RealtimeEvent =
  | { type: 'message.created'; conversationId: string; message: Message }
  | {
      type: 'receipt.updated';
      conversationId: string;
      side: 'visitor' | 'staff';
      deliveredSeq: number;
      readSeq: number;
    }
  | {
      type: 'typing.changed';
      conversationId: string;
      side: 'visitor' | 'staff';
      typing: boolean;
      name?: string;
    }
  | { type: 'presence.changed'; subject: 'staff' | 'visitor'; id: string; online: boolean }
  | {
      type: 'conversation.assigned';
      conversationId: string;
      assigneeId: string | null;
      previousAssigneeId: string | null;
      status: ConversationStatus;
    }
  | { type: 'conversation.status_changed'; conversationId: string; status: ConversationStatus }
  | { type: 'conversation.closed'; conversationId: string; closedBy: string | null }
  | { type: 'conversation.created'; conversationId: string; projectId: string }
  | { type: 'inbox.changed'; userId: string }
  | { type: 'ai.status_changed'; conversationId: string; active: boolean }
  /**
   * A chat start named the key the visitor page opened its socket with (PERF-7, ADR 0051): the
   * instance holding that socket binds it to the visitor and joins it to the chat, so the chat is
   * live when the start's answer arrives. Only the key's hash travels; nothing is delivered.
   */
  | {
      type: 'socket.bound';
      bindHash: string;
      projectId: string;
      visitorId: string;
      conversationId: string;
    }
  /** The person was deleted: every instance closes their sockets at once (their sessions went too). */
  | { type: 'staff.removed'; userId: string }
  /**
   * A lead's stage, owner, notes or follow-up changed (CRM-2, issue 14 item 3): the consoles
   * showing it re-fetch their fragments (ADR 0045); nothing here is rendered. `agentIds`: the
   * agents besides the overseers who may read the lead and show it (its owner, the previous owner
   * of a reassignment, the agent holding its chat), chosen by the service that knows them.
   */
  | {
      type: 'lead.changed';
      leadId: string;
      projectId: string | null;
      /** The lead's newest chat, or null (not `conversationId`: no chat listener hears this event). */
      chatId: string | null;
      ownerId: string | null;
      stage: string;
      change: LeadChange;
      agentIds: string[];
    };

/** What a `lead.changed` says changed. */
export type LeadChange = 'stage' | 'note' | 'follow_up' | 'owner';

export type RealtimeEventType = RealtimeEvent['type'];

export type EventOf<T extends RealtimeEventType> = Extract<RealtimeEvent, { type: T }>;

/** What a visitor may ever receive (the visitor wire schema in realtime/wire.ts mirrors it). */
export type VisitorEvent = EventOf<
  | 'message.created'
  | 'receipt.updated'
  | 'typing.changed'
  | 'conversation.status_changed'
  | 'conversation.closed'
>;

/**
 * Every realtime event, one discriminated union (STYLE 2.6), named `entity.past_tense`.
 * `eventAudience` must name who may receive each type: adding an event without deciding is a compile error.
 * Keep changes additive (new types, new optional fields) so the modules that publish stay in step.
 */
export type SenderKind = 'visitor' | 'agent' | 'admin' | 'ai' | 'system';
export type ConversationStatus = 'unassigned' | 'active' | 'offline' | 'closed';

export interface MessagePayload {
  id: string;
  conversationId: string;
  seq: number;
  senderKind: SenderKind;
  senderUserId: string | null;
  senderName: string | null;
  clientMessageId: string;
  body: string;
  replyToId: string | null;
  attachmentId: string | null;
  createdAt: string;
}

export type RealtimeEvent =
  | { type: 'message.created'; conversationId: string; message: MessagePayload }
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
  /** The person was deleted: every instance closes their sockets at once (their sessions went too). */
  | { type: 'staff.removed'; userId: string };

export type RealtimeEventType = RealtimeEvent['type'];

/** Who may receive an event: the visitor side never gets staff-internal events (chatwoot rule). */
export type Audience = 'everyone' | 'staff_only';

export const eventAudience = {
  'message.created': 'everyone',
  'receipt.updated': 'everyone',
  'typing.changed': 'everyone',
  'presence.changed': 'staff_only',
  'conversation.assigned': 'staff_only',
  'conversation.status_changed': 'everyone',
  'conversation.closed': 'everyone',
  'conversation.created': 'staff_only',
  'inbox.changed': 'staff_only',
  'ai.status_changed': 'staff_only',
  'staff.removed': 'staff_only',
} as const satisfies Record<RealtimeEventType, Audience>;

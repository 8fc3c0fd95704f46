import type { EventOf, RealtimeEventType } from '../../src/events/events.ts';

/** The people an event can be about, by role in one conversation. */
export interface SampleCast {
  conversationId: string;
  projectId: string;
  /** The agent the chat is handed to by the sample assignment, who then holds it. */
  holderId: string;
  /** The agent who held the chat before the sample assignment. */
  previousId: string;
  /** An agent with nothing to do with the chat. */
  otherId: string;
}

/**
 * One event of every type (a new type is a compile error here until it has a sample), about the
 * cast's conversation. Shared by the audience unit test and the live exactly-once test.
 */
export function sampleEvents(cast: SampleCast): { [T in RealtimeEventType]: EventOf<T> } {
  const { conversationId } = cast;
  return {
    'conversation.assigned': {
      type: 'conversation.assigned',
      conversationId,
      assigneeId: cast.holderId,
      previousAssigneeId: cast.previousId,
      status: 'active',
    },
    'message.created': {
      type: 'message.created',
      conversationId,
      message: {
        id: '01KMX0000000000000000000AB',
        conversationId,
        seq: 1,
        senderKind: 'visitor',
        senderUserId: null,
        senderName: null,
        clientMessageId: 'sample-1',
        body: 'hello',
        replyToId: null,
        attachmentId: null,
        createdAt: '2026-11-23T10:00:00.000Z',
      },
    },
    'receipt.updated': {
      type: 'receipt.updated',
      conversationId,
      side: 'visitor',
      deliveredSeq: 1,
      readSeq: 1,
    },
    'typing.changed': { type: 'typing.changed', conversationId, side: 'staff', typing: true, name: 'Ana' },
    'presence.changed': { type: 'presence.changed', subject: 'visitor', id: conversationId, online: false },
    'conversation.status_changed': { type: 'conversation.status_changed', conversationId, status: 'offline' },
    'conversation.closed': { type: 'conversation.closed', conversationId, closedBy: cast.holderId },
    'conversation.created': { type: 'conversation.created', conversationId, projectId: cast.projectId },
    'inbox.changed': { type: 'inbox.changed', userId: cast.holderId },
    'ai.status_changed': { type: 'ai.status_changed', conversationId, active: true },
    'staff.removed': { type: 'staff.removed', userId: cast.otherId },
    'socket.bound': {
      type: 'socket.bound',
      bindHash: 'f'.repeat(64),
      projectId: cast.projectId,
      visitorId: '01KMX0000000000000000000VV',
      conversationId,
    },
    // The holder owns the lead and holds its chat: named twice, heard once.
    'lead.changed': {
      type: 'lead.changed',
      leadId: '01KMX0000000000000000000LD',
      projectId: cast.projectId,
      chatId: conversationId,
      ownerId: cast.holderId,
      stage: 'qualified',
      change: 'stage',
      agentIds: [cast.holderId, cast.holderId],
    },
  };
}

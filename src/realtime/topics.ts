/** Topic names are built here only (STYLE 2.3). */
export const topics = {
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  /** The visitor-facing copy of a conversation: only events whose audience is 'everyone'. */
  visitor: (conversationId: string) => `visitor:${conversationId}`,
  agentInbox: (userId: string) => `agent:${userId}`,
  /** Admin, manager and QA consoles: every conversation's staff events. */
  staff: () => 'staff',
};

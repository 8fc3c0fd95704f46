/**
 * Topic names, built here only (STYLE 2.3), and who subscribes to each (realtime/socket.ts):
 * - `conversation(id)`: the sockets of the agent holding the chat (moved on reassignment);
 * - `visitor(id)`: the conversation's visitor;
 * - `agentInbox(userId)`: every socket of one staff member;
 * - `staff()`: admin, manager and QA consoles, who watch every conversation.
 * Only audience.ts picks topics for an event.
 */
export const topics = {
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  visitor: (conversationId: string) => `visitor:${conversationId}`,
  agentInbox: (userId: string) => `agent:${userId}`,
  staff: () => 'staff',
};

export const isVisitorTopic = (topic: string): boolean => topic.startsWith(topics.visitor(''));

/**
 * Stable DOM ids of the agent console, shared by pages, fragments, OOB swaps and static/agent/*.js.
 * (Conversation-level ids shared with realtime fragments live in views/dom-ids.ts.)
 */
export const agentIds = {
  dialogBody: 'agent-dialog-body',
  followUps: 'follow-ups-today',
  breakToggle: 'break-toggle',
  chatPane: 'chat-pane',
  bucketNav: 'bucket-nav',
  bucketList: 'bucket-list',
  currentBucket: 'current-bucket',
  search: 'inbox-search',
  unreadTotal: 'unread-total',
  activeCount: 'active-count',
  dialog: 'agent-dialog',
} as const;

/** The star control of one conversation (replaced in place when toggled). */
export const starFormId = (conversationId: string): string => `star-${conversationId}`;

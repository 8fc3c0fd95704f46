/**
 * Stable DOM ids of the agent console, shared by pages, fragments, OOB swaps and its scripts
 * (client/staff/). Conversation-level ids shared with realtime fragments live in views/dom-ids.ts.
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
  bucketNews: 'bucket-news',
} as const;

/** Events the console's parts tell each other through (htmx triggers, HX-Trigger headers, scripts). */
export const agentEvents = {
  /** Something moved between buckets: the tabs and counts refetch. */
  inboxChanged: 'inbox:changed',
  /** The open bucket list refetches (when scrolled to its top). */
  bucketRefresh: 'bucket:refresh',
  /** A chat was assigned to this agent (the "new chat" alert opens it). */
  assigned: 'agent:assigned',
  /** A bubble's Reply was clicked: the composer quotes it. */
  composerReply: 'composer-reply',
} as const;

/** The star control of one conversation (replaced in place when toggled). */
export const starFormId = (conversationId: string): string => `star-${conversationId}`;

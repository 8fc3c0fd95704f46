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
  /** The inbox + chat workspace; its data-view says which screen a phone shows. */
  workspace: 'agent-workspace',
  /** "Reconnecting…" / "Signed out": the console's connection, driven by the socket's close codes. */
  connectionBanner: 'connection-banner',
} as const;

/** Which of the two screens a phone shows (on wider screens both are side by side). */
export const WORKSPACE_VIEWS = { list: 'list', chat: 'chat' } as const;

/** The console's connection states, as `data-state` of the banner and of <html data-connection>. */
export const CONNECTION_STATES = {
  open: 'open',
  reconnecting: 'reconnecting',
  signedOut: 'signed-out',
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

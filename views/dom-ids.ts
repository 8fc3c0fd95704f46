/**
 * Stable DOM ids shared by page fragments, htmx out-of-band swaps and WebSocket pushes
 * (STYLE 2.5): never hand-type one of these ids anywhere else.
 */
export const messageId = (id: string): string => `message-${id}`;
/** The list a conversation's message bubbles are appended to. */
export const conversationMessagesId = (conversationId: string): string =>
  `conversation-${conversationId}-messages`;
/** A conversation's row in a bucket list or table. */
export const conversationRowId = (conversationId: string): string => `conversation-${conversationId}`;
export const conversationStatusId = (conversationId: string): string =>
  `conversation-${conversationId}-status`;
export const conversationPreviewId = (conversationId: string): string =>
  `conversation-${conversationId}-preview`;
export const typingIndicatorId = (conversationId: string): string => `conversation-${conversationId}-typing`;
/** Ticks of the messages a side sent, updated by receipts (VIS-7). */
export const receiptsId = (conversationId: string): string => `conversation-${conversationId}-receipts`;

/** Asks the regions marked `data-live-refresh` on the admin consoles to reload themselves. */
export const LIVE_REFRESH_EVENT = 'live-refresh';

/** The dashboard (ADMIN-1): everything under its header, its live part and its period part. */
export const DASHBOARD_BODY_ID = 'dashboard-body';
export const DASHBOARD_LIVE_ID = 'dashboard-live';
export const DASHBOARD_PERIOD_ID = 'dashboard-period';

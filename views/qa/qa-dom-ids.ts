/** DOM ids of the QA console, shared by its views and client/staff/qa-console.ts. */
export const qaIds = {
  results: 'qa-results',
  pane: 'qa-pane',
  scores: 'qa-scores',
} as const;

/** The visitor's online/away line in the QA pane, repainted by presence events. */
export const qaPresenceId = (conversationId: string): string => `qa-${conversationId}-presence`;

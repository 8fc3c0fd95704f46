/**
 * How much one address or one visitor may ask of the chat start (SEC-8, issue 13: one client
 * once opened 120 chats in 0.3 s and filled every agent's slots). Pure numbers, shared by the
 * routes, the guard service and the tests; the reasoning is in docs/decisions/0034.
 *
 * Per address the allowances are generous, because mobile carriers put many phones behind one
 * IPv4 address (CGNAT); per visitor token they are tight, because a token is one person.
 */
const MINUTE = 60_000;

export const CHAT_START_LIMITS = {
  perAddress: { rule: 'chat_start', limit: 10, windowMs: 10 * MINUTE },
  perToken: { rule: 'chat_start_token', limit: 5, windowMs: 10 * MINUTE },
} as const;

/** "Send a message to start a new one" after a close (VIS-8). */
export const CHAT_AGAIN_LIMITS = {
  perAddress: { rule: 'chat_again', limit: 10, windowMs: 10 * MINUTE },
  perToken: { rule: 'chat_again_token', limit: 3, windowMs: 10 * MINUTE },
} as const;

/**
 * Chats still open that were started from one address within the last day. A visitor token has
 * at most one such chat: starting again with it returns the open one.
 */
export const OPEN_CHATS_PER_ADDRESS = { limit: 10, withinMs: 24 * 60 * MINUTE } as const;

/** History pages and catch-up reads: a page load, scroll-ups, reconnects. */
export const VISITOR_HISTORY_LIMIT = { rule: 'visitor_history', limit: 300, windowMs: MINUTE } as const;

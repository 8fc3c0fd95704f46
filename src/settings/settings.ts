import type { RoutingMode } from '../routing/round-robin.ts';

/**
 * The admin Settings page (ADMIN-5): routing mode and timers (routing's 'routing' document; its
 * sweep intervals and batch size are kept as they are) and the limits new agents start with.
 */
export interface GlobalSettings {
  mode: RoutingMode;
  visitorGoneMs: number;
  agentGoneMs: number;
  agentIdleMs: number;
  agentDefaults: AgentDefaults;
}

/** Limits a new agent starts with (ROUTE-5). */
export interface AgentDefaults {
  activeLimit: number;
  offlineLimit: number;
}

/** Marketing tags (ADMIN-6): the admin's head and body snippets and the origins they load from. */
export interface MarketingTags {
  head: string;
  body: string;
  /** Origins added to script-src, connect-src, img-src and frame-src while tags are on. */
  origins: string[];
}

export const NO_TAGS: MarketingTags = { head: '', body: '', origins: [] };

import { hashToken } from '../shared/ids.ts';

/**
 * The visitor's secret lives in a project-scoped cookie and in localStorage (VIS-3), so it also
 * works inside third-party iframes where cookies are blocked: the page then sends it explicitly
 * (WebSocket upgrade query `vt`, or the `X-Visitor-Token` header on the JSON API).
 */
export const visitorCookieName = (projectId: string): string => `vt_${projectId}`;
export const VISITOR_TOKEN_HEADER = 'X-Visitor-Token';
export const VISITOR_TOKEN_QUERY = 'vt';

export const visitorTokenHash = (token: string): string => hashToken(token);

export const isPlausibleVisitorToken = (token: string | undefined): token is string =>
  typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);

/**
 * A visitor page may open its socket before it has a chat, with `?project=<id>&bind=<key>` (a
 * random key of its own, as random as a token), and post the same key as the `bind` field of the
 * chat start, which binds that socket to the new chat (PERF-7, ADR 0051). Like a token, only
 * the key's hash is kept or published.
 */
export const SOCKET_BIND_PARAM = 'bind';
export const isPlausibleBindKey = isPlausibleVisitorToken;
export const bindKeyHash = (key: string): string => hashToken(key);

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

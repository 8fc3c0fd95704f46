import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { rateLimit } from '../http/middleware/rate-limit.ts';
import { HISTORY_PAGE } from '../messages/message.ts';
import { VISITOR_HISTORY_LIMIT } from './chat-limits.ts';
import { loadVisitorHistory } from './visitor-messages.service.ts';
import { isPlausibleVisitorToken, VISITOR_TOKEN_HEADER, visitorCookieName } from './visitor-token.ts';

const historyQuery = z.strictObject({
  before: z.string().max(200).optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(HISTORY_PAGE),
});

const conversationParam = z.object({ conversationId: z.string().regex(/^[0-9A-Z]{26}$/) });

/** The visitor page's JSON API for history (VIS-4) and catch-up (RT-3), by visitor token. */
export const visitorMessageRoutes = new Hono<AppEnv>().get(
  '/api/visitor/conversations/:conversationId/messages',
  rateLimit(VISITOR_HISTORY_LIMIT, {
    refuse: (c, retryAfter) => c.json({ error: 'rate_limited', retryAfter }, 429),
  }),
  zValidator('param', conversationParam, (result, c) => {
    if (!result.success) return c.json({ error: 'not_found' }, 404);
  }),
  zValidator('query', historyQuery, (result, c) => {
    if (!result.success) {
      return c.json({ error: 'bad_request', field: String(result.error.issues[0]?.path[0] ?? '') }, 400);
    }
  }),
  async (c) => {
    const { conversationId } = c.req.valid('param');
    const query = c.req.valid('query');
    const header = c.req.header(VISITOR_TOKEN_HEADER);
    const tokenFor = (projectId: string) => {
      const token = header ?? getCookie(c, visitorCookieName(projectId));
      return isPlausibleVisitorToken(token) ? token : undefined;
    };
    const result = await loadVisitorHistory(c.get('deps'), { conversationId, tokenFor, query });
    if (!result.ok) {
      return result.code === 'bad_cursor'
        ? c.json({ error: 'bad_request', field: 'before' }, 400)
        : c.json({ error: 'not_found' }, 404);
    }
    c.header('Cache-Control', 'no-store');
    return c.json(result.value);
  },
);

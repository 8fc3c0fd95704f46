import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/env.ts';
import { findProjectBySlug } from '../projects/projects.queries.ts';
import { csatStateFor, rateChat } from './csat.service.ts';
import { readBody, visitorTokenOf } from './visitor-request.ts';

/**
 * The visitor page's rating calls (BEYOND-5), JSON by visitor token like the queue poll: whether
 * to ask, and the one rating. The widget's frame is the visitor page, so it asks the same way.
 */
const BODY_LIMIT = bodyLimit({ maxSize: 8 * 1024, onError: (c) => c.json({ error: 'too_large' }, 413) });

const status = {
  not_found: 404,
  bad_score: 422,
  comment_too_long: 422,
  not_open: 409,
  already_rated: 409,
} as const;

export const csatRoutes = new Hono<AppEnv>()
  .get('/p/:slug/rating', async (c) => {
    const project = await findProjectBySlug(c.get('deps').db, c.req.param('slug'));
    if (!project) return c.json({ error: 'not_found' }, 404);
    const input = {
      projectId: project.id,
      token: visitorTokenOf(c, project.id),
      conversationId: c.req.query('conversation') ?? '',
    };
    const result = await csatStateFor(c.get('deps'), input);
    c.header('Cache-Control', 'no-store');
    return result.ok ? c.json(result.value) : c.json({ error: result.code }, 404);
  })
  .post('/p/:slug/rating', BODY_LIMIT, async (c) => {
    const project = await findProjectBySlug(c.get('deps').db, c.req.param('slug'));
    const body = await readBody(c);
    if (!project || !body)
      return c.json({ error: project ? 'bad_request' : 'not_found' }, project ? 400 : 404);
    const result = await rateChat(c.get('deps'), {
      projectId: project.id,
      token: visitorTokenOf(c, project.id),
      conversationId: typeof body.conversationId === 'string' ? body.conversationId : '',
      score: typeof body.score === 'string' ? Number(body.score) : body.score,
      comment: body.comment,
    });
    if (!result.ok) return c.json({ error: result.code }, status[result.code]);
    return c.json(result.value, 201);
  });

import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { CannedRepliesPanel } from '../../views/canned-replies/canned-replies.tsx';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { requireFeature } from '../http/middleware/require-feature.ts';
import {
  addCannedReply,
  cannedRepliesOf,
  editCannedReply,
  removeCannedReply,
} from './canned-replies.service.ts';

const replySchema = z.object({
  title: z.string().trim().min(1).max(80),
  body: z.string().trim().min(1).max(2000),
});

const FIELD_ERRORS: Record<string, string> = {
  title: 'Give the reply a title of up to 80 characters.',
  body: 'Write the reply text, up to 2,000 characters.',
};

/** Bad input: 422 with the panel re-rendered, the draft kept and the field named; nothing saved. */
const validReply = zValidator('form', replySchema, async (result, hookContext) => {
  if (result.success) return;
  const c = hookContext as unknown as Context<AppEnv>;
  const field = String(result.error.issues[0]?.path[0] ?? 'title');
  const replies = await cannedRepliesOf(c.get('deps'), currentUser(c).id);
  const raw = await c.req.parseBody();
  const draft = { title: String(raw.title ?? ''), body: String(raw.body ?? '') };
  return c.html(<CannedRepliesPanel replies={replies} error={FIELD_ERRORS[field]} draft={draft} />, 422);
});

const notFound = () => new AppError('canned_reply.not_found', 404, 'That canned reply no longer exists.');

/** AGENT-4, mounted at /agent/canned-replies; Live Chat permission required (AGENT-6). */
export const cannedReplyRoutes = new Hono<AppEnv>()
  .use('*', requireFeature('liveChat'))
  .get('/', async (c) => {
    c.header('Vary', 'HX-Request');
    return c.html(<CannedRepliesPanel replies={await cannedRepliesOf(c.get('deps'), currentUser(c).id)} />);
  })
  .post('/', validReply, async (c) => {
    const deps = c.get('deps');
    const user = currentUser(c);
    const input = c.req.valid('form');
    const result = await addCannedReply(deps, user.id, input);
    const replies = await cannedRepliesOf(deps, user.id);
    if (!result.ok) {
      const error = 'You already have 5 canned replies, the most allowed. Delete one to add another.';
      return c.html(<CannedRepliesPanel replies={replies} error={error} draft={input} />, 422);
    }
    return c.html(<CannedRepliesPanel replies={replies} />);
  })
  .post('/:id', validReply, async (c) => {
    const deps = c.get('deps');
    const user = currentUser(c);
    const result = await editCannedReply(deps, user.id, c.req.param('id'), c.req.valid('form'));
    if (!result.ok) throw notFound();
    return c.html(<CannedRepliesPanel replies={await cannedRepliesOf(deps, user.id)} />);
  })
  .delete('/:id', async (c) => {
    const deps = c.get('deps');
    const user = currentUser(c);
    const result = await removeCannedReply(deps, user.id, c.req.param('id'));
    if (!result.ok) throw notFound();
    return c.html(<CannedRepliesPanel replies={await cannedRepliesOf(deps, user.id)} />);
  });

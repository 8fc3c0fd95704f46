import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { rateLimit } from '../http/middleware/rate-limit.ts';
import { uploadedFileHeaders } from '../http/middleware/secure-headers.ts';
import { declaredPartType } from '../http/multipart.ts';
import { MAX_MESSAGE_LENGTH } from '../messages/message.ts';
import { findProjectBySlug } from '../projects/projects.queries.ts';
import { readVisitorAttachment, uploadVisitorImage } from './uploads.service.ts';
import { visitorTokenOf } from './visitor-request.ts';

const ID = /^[0-9A-Za-z_-]{1,64}$/;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Visitor image upload and download (VIS-5). JSON answers: the page script is the only caller.
 * The body ceiling (5 MB image + framing) is the global body-limit rule for this path.
 */
export const visitorUploadRoutes = new Hono<AppEnv>()
  .post('/p/:slug/uploads', rateLimit({ rule: 'upload', limit: 30, windowMs: 10 * 60_000 }), async (c) => {
    const project = await findProjectBySlug(c.get('deps').db, c.req.param('slug'));
    if (!project) return c.json({ error: 'project.not_found' }, 404);
    const form = await c.req.parseBody().catch(() => undefined);
    const file = form?.file;
    const conversationId = text(form?.conversationId);
    const clientMessageId = text(form?.clientMessageId);
    const caption = text(form?.body) ?? '';
    const replyToId = text(form?.replyToId) || null;
    if (!(file instanceof File)) return c.json({ error: 'upload.missing', field: 'file' }, 422);
    if (!conversationId || !ID.test(conversationId))
      return c.json({ error: 'invalid', field: 'conversationId' }, 422);
    if (!clientMessageId || !ID.test(clientMessageId))
      return c.json({ error: 'invalid', field: 'clientMessageId' }, 422);
    if (caption.length > MAX_MESSAGE_LENGTH) return c.json({ error: 'too_long', field: 'body' }, 422);
    if (replyToId && !ID.test(replyToId)) return c.json({ error: 'invalid', field: 'replyToId' }, 422);
    const result = await uploadVisitorImage(c.get('deps'), {
      projectId: project.id,
      token: visitorTokenOf(c, project.id),
      conversationId,
      clientMessageId,
      caption,
      replyToId,
      file: {
        bytes: new Uint8Array(await file.arrayBuffer()),
        name: file.name,
        // What the browser said the part is; Bun's File.type is only guessed from the name.
        type: declaredPartType(await c.req.bytes(), c.req.header('Content-Type') ?? '', 'file') ?? '',
      },
      ip: c.get('clientIp'),
    });
    if (result.ok) return c.json(result.value, 201);
    if (result.code === 'conversation.not_found') return c.json({ error: result.code }, 404);
    if (result.code === 'conversation.closed') return c.json({ error: result.code }, 409);
    return c.json({ error: result.code, field: 'file' }, 422);
  })
  .get('/p/:slug/uploads/:attachmentId', async (c) => {
    const project = await findProjectBySlug(c.get('deps').db, c.req.param('slug'));
    if (!project) return c.text('Not found', 404);
    const result = await readVisitorAttachment(c.get('deps'), {
      projectId: project.id,
      token: visitorTokenOf(c, project.id),
      attachmentId: c.req.param('attachmentId'),
    });
    if (!result.ok) return c.text('Not found', 404);
    return c.body(result.value.bytes, 200, uploadedFileHeaders(result.value.contentType));
  });

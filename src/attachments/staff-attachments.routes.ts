import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { AppError, notFound } from '../http/errors.ts';
import { uploadedFileHeaders } from '../http/middleware/secure-headers.ts';
import { STAFF_ATTACHMENT_PATH } from './attachment-urls.ts';
import { readStaffAttachment } from './staff-attachments.service.ts';

const ATTACHMENT_ID = /^[0-9A-Z]{26}$/;

/** Chat images for the consoles, served with nosniff, an image type and a sandboxing CSP. */
export const staffAttachmentRoutes = new Hono<AppEnv>().get(
  `${STAFF_ATTACHMENT_PATH}/:attachmentId`,
  async (c) => {
    const session = c.get('session');
    if (!session) throw new AppError('auth.required', 401, 'Please sign in again.');
    const attachmentId = c.req.param('attachmentId');
    if (!ATTACHMENT_ID.test(attachmentId)) throw notFound();
    const result = await readStaffAttachment(c.get('deps'), session.user, attachmentId);
    if (!result.ok) throw notFound();
    return c.body(result.value.bytes, 200, uploadedFileHeaders(result.value.contentType));
  },
);

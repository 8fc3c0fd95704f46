import { scopeOf } from '../auth/policy.ts';
import type { ActiveSession } from '../auth/sessions.service.ts';
import { canRead, chatAccessFor } from '../conversations/chat-access.ts';
import { findConversationById } from '../conversations/conversations.queries.ts';
import type { Deps } from '../deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { findAttachmentWithOwner } from '../visitors/attachments.queries.ts';
import { type AttachmentFile, readStoredAttachment } from '../visitors/uploads.service.ts';

/**
 * An image in a chat, for staff (VIS-5 click-through, AGENT-3 thumbnails): admins, managers and QA
 * see every chat's images; an agent only those of chats they may read (ADMIN-7 "own").
 */
export async function readStaffAttachment(
  deps: Deps,
  viewer: ActiveSession['user'],
  attachmentId: string,
): Promise<Result<AttachmentFile, 'not_found'>> {
  const attachment = await findAttachmentWithOwner(deps.db, attachmentId);
  if (!attachment) return fail('not_found');
  if (scopeOf(viewer.role, 'chats.view') === 'own') {
    const chat = await findConversationById(deps.db, attachment.conversationId);
    if (!chat || !canRead(chatAccessFor(viewer.id, chat))) return fail('not_found');
  }
  return readStoredAttachment(deps, attachment);
}

import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { findConversationById } from '../conversations/conversations.queries.ts';
import type { Deps } from '../deps.ts';
import type { Message } from '../messages/message.ts';
import { recordStrike } from '../security/strikes.service.ts';
import { type ImageContentType, inspectImageUpload, type UploadRejection } from '../security/uploads.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { findAttachmentWithOwner, insertAttachment } from './attachments.queries.ts';
import { findKnownVisitor } from './chat-start.service.ts';
import { sendVisitorMessage } from './visitor-messages.service.ts';

/**
 * Visitor image messages (VIS-5): the bytes are checked by the security module (magic bytes,
 * extension, declared type, size, dimensions, hidden active content), stored under DATA_DIR with
 * our own name and extension, then sent as a message through the one message service. A refused
 * file is a `bad_upload` strike (SEC-2).
 */
export interface UploadInput {
  projectId: string;
  token: string | undefined;
  conversationId: string;
  clientMessageId: string;
  caption: string;
  replyToId: string | null;
  file: { bytes: Uint8Array; name: string; type: string };
  ip: string;
}

export type UploadError =
  | UploadRejection
  | 'conversation.not_found'
  | 'conversation.closed'
  | 'message.refused';

const storagePath = (deps: Pick<Deps, 'config'>, key: string) => join(deps.config.dataDir, key);

export async function uploadVisitorImage(
  deps: Deps,
  input: UploadInput,
): Promise<Result<Message, UploadError>> {
  const visitor = await findKnownVisitor(deps, input.projectId, input.token);
  const conversation = await findConversationById(deps.db, input.conversationId);
  if (!visitor || conversation?.visitorId !== visitor.id) return fail('conversation.not_found');
  if (conversation.status === 'closed') return fail('conversation.closed');

  const inspected = inspectImageUpload(input.file.bytes, input.file.name, input.file.type);
  if (!inspected.ok) {
    await recordStrike(deps, input.ip, 'bad_upload');
    return fail(inspected.code);
  }
  const id = deps.ids.next();
  const key = `uploads/${id.slice(0, 6)}/${id}.${inspected.value.ext}`;
  await mkdir(dirname(storagePath(deps, key)), { recursive: true });
  await Bun.write(storagePath(deps, key), input.file.bytes);
  await insertAttachment(deps.db, {
    id,
    conversation_id: conversation.id,
    uploader_kind: 'visitor',
    storage_key: key,
    content_type: inspected.value.contentType,
    byte_size: input.file.bytes.byteLength,
    width: inspected.value.width,
    height: inspected.value.height,
    sha256: new Bun.CryptoHasher('sha256').update(input.file.bytes).digest('hex'),
    original_name: input.file.name.slice(0, 255),
    created_at: toIso(deps.clock.now()),
  });
  const sent = await sendVisitorMessage(deps, {
    visitorId: visitor.id,
    conversationId: conversation.id,
    clientMessageId: input.clientMessageId,
    body: input.caption,
    replyToId: input.replyToId,
    attachmentId: id,
  });
  if (!sent.ok) return fail(sent.code === 'conversation_closed' ? 'conversation.closed' : 'message.refused');
  return ok(sent.value.message);
}

/** The file of an attachment the visitor may see: only those of their own conversations. */
export async function readVisitorAttachment(
  deps: Deps,
  input: { projectId: string; token: string | undefined; attachmentId: string },
): Promise<Result<AttachmentFile, 'not_found'>> {
  const visitor = await findKnownVisitor(deps, input.projectId, input.token);
  const attachment = await findAttachmentWithOwner(deps.db, input.attachmentId);
  if (
    !visitor ||
    !attachment ||
    attachment.visitorId !== visitor.id ||
    attachment.projectId !== input.projectId
  ) {
    return fail('not_found');
  }
  return readStoredAttachment(deps, attachment);
}

export type AttachmentFile = { bytes: Uint8Array<ArrayBuffer>; contentType: ImageContentType };

/** The bytes of an attachment whose reader has already been authorised. */
export async function readStoredAttachment(
  deps: Pick<Deps, 'config'>,
  attachment: { storageKey: string; contentType: string },
): Promise<Result<AttachmentFile, 'not_found'>> {
  const file = Bun.file(storagePath(deps, attachment.storageKey));
  if (!(await file.exists())) return fail('not_found');
  return ok({
    bytes: new Uint8Array(await file.arrayBuffer()),
    contentType: attachment.contentType as ImageContentType,
  });
}

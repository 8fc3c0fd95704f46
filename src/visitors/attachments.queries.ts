import type { Insertable } from 'kysely';
import type { AttachmentsTable, Db } from '../db/database.ts';

export async function insertAttachment(db: Db, row: Insertable<AttachmentsTable>): Promise<void> {
  await db.insertInto('attachments').values(row).execute();
}

export interface StoredAttachment {
  id: string;
  conversationId: string;
  visitorId: string;
  projectId: string;
  storageKey: string;
  contentType: string;
}

/** An attachment with the conversation it belongs to, so the caller can check who may see it. */
export async function findAttachmentWithOwner(db: Db, id: string): Promise<StoredAttachment | undefined> {
  const row = await db
    .selectFrom('attachments')
    .innerJoin('conversations', 'conversations.id', 'attachments.conversation_id')
    .select([
      'attachments.id',
      'attachments.conversation_id',
      'attachments.storage_key',
      'attachments.content_type',
      'conversations.visitor_id',
      'conversations.project_id',
    ])
    .where('attachments.id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        conversationId: row.conversation_id,
        visitorId: row.visitor_id,
        projectId: row.project_id,
        storageKey: row.storage_key,
        contentType: row.content_type,
      }
    : undefined;
}

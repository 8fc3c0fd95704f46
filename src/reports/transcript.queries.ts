import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';

/**
 * What a chat's PDF transcript reads (REP-3): its header in one query, its messages in pages by
 * sequence (messages_seq_uq), each with the quoted message and the attachment it carries.
 */
export async function findTranscriptHead(db: Db, conversationId: string) {
  return await db
    .selectFrom('conversations')
    .innerJoin('projects', 'projects.id', 'conversations.project_id')
    .leftJoin('users', 'users.id', 'conversations.assignee_id')
    .leftJoin('attributions', 'attributions.id', 'conversations.attribution_id')
    .select([
      'conversations.id',
      'conversations.visitor_name',
      'conversations.visitor_phone',
      'conversations.visitor_email',
      'conversations.status',
      'conversations.lead_stage',
      'conversations.created_at',
      'conversations.closed_at',
      'projects.title as project_title',
      'users.display_name as agent_name',
      'attributions.source_domain',
      'attributions.utm_source',
      'attributions.utm_medium',
      'attributions.utm_campaign',
      'attributions.landing_url',
      'attributions.referrer',
      'attributions.device_type',
      'attributions.os_name',
      'attributions.os_version',
      'attributions.browser_name',
      'attributions.browser_version',
    ])
    .where('conversations.id', '=', conversationId)
    .executeTakeFirst();
}

export type TranscriptHeadRow = NonNullable<Awaited<ReturnType<typeof findTranscriptHead>>>;

/** Up to `limit` messages after sequence `afterSeq`, oldest first. */
export async function listTranscriptMessages(
  db: Db,
  conversationId: string,
  afterSeq: number,
  limit: number,
) {
  const query = db
    .selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.sender_user_id')
    .leftJoin('messages as quoted', 'quoted.id', 'messages.reply_to_id')
    .leftJoin('users as quoted_user', 'quoted_user.id', 'quoted.sender_user_id')
    .leftJoin('attachments', 'attachments.id', 'messages.attachment_id')
    .select([
      'messages.seq',
      'messages.sender_kind',
      'users.display_name as sender_name',
      'messages.body',
      'messages.created_at',
      'quoted.id as quoted_id',
      'quoted.sender_kind as quoted_kind',
      'quoted_user.display_name as quoted_name',
      'quoted.body as quoted_body',
      'attachments.id as attachment_id',
      'attachments.original_name as attachment_name',
      'attachments.content_type as attachment_type',
    ])
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.seq', '>', afterSeq)
    .orderBy('messages.seq', 'asc');
  return await firstRows(db, query, limit).execute();
}

export type TranscriptMessageRow = Awaited<ReturnType<typeof listTranscriptMessages>>[number];

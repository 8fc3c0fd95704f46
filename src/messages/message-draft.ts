import type { ConversationStatus } from '../conversations/conversation.ts';
import type { Message, SenderKind, SendGuard } from './message.ts';

/** A message on its way to the database, as `sendMessage` hands it to the writer. */
export interface MessageDraft {
  id: string;
  conversationId: string;
  clientMessageId: string;
  senderKind: SenderKind;
  senderUserId: string | null;
  senderName: string | null;
  body: string;
  replyToId: string | null;
  attachmentId: string | null;
  now: string;
  /** Only system messages may be added to a closed conversation (e.g. "chat ended"). */
  openOnly: boolean;
  guard?: SendGuard;
}

export type WriteOutcome =
  /**
   * `conversationStatus` and `assigneeId`: the chat as this write left it (the caller may act on
   * 'offline', or on a chat the AI holds) without reading it again.
   */
  | { kind: 'created'; message: Message; conversationStatus: ConversationStatus; assigneeId: string | null }
  | { kind: 'existing'; message: Message }
  | { kind: 'refused' };

/** Where `sendMessage` hands drafts: the group-commit writer (message-writer.ts), held in Deps. */
export interface MessageWriter {
  write(draft: MessageDraft): Promise<WriteOutcome>;
}

/** Writes a batch of drafts in one transaction; outcomes come back in draft order. */
export type BatchWrite = (drafts: readonly MessageDraft[]) => Promise<WriteOutcome[]>;

const PREVIEW_LENGTH = 200;

/** What the inbox shows as the conversation's last message. */
export const previewOf = (draft: MessageDraft): string =>
  draft.body.trim() === '' && draft.attachmentId ? '[image]' : draft.body.slice(0, PREVIEW_LENGTH);

export function toMessage(draft: MessageDraft, seq: number): Message {
  const { now, openOnly: _open, guard: _guard, ...rest } = draft;
  return { ...rest, seq, createdAt: now };
}

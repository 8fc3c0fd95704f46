/**
 * A chat message as every module sees it, and the rules that hold for every message wherever it
 * is written from (socket, upload, admin modal, AI, system). Pure: types and constants only.
 */
export const SENDER_KINDS = ['visitor', 'agent', 'admin', 'ai', 'system'] as const;
export type SenderKind = (typeof SENDER_KINDS)[number];

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  senderKind: SenderKind;
  senderUserId: string | null;
  senderName: string | null;
  clientMessageId: string;
  body: string;
  replyToId: string | null;
  attachmentId: string | null;
  createdAt: string;
}

/** The longest message body any sender may write (the composers' maxlength, the socket frame, the service). */
export const MAX_MESSAGE_LENGTH = 4000;

/** History pages: the last 30 messages at open, older pages of 30 on scroll-up (AGENT-3, ADMIN-2, VIS-4). */
export const HISTORY_PAGE = 30;

/** Conditions on the conversation row under which a sender may write to it. */
export interface SendGuard {
  assigneeId?: string;
  visitorId?: string;
}

/** How far each side's client has received and read (watermarks, docs/decisions/0007). */
export interface Receipts {
  visitorDeliveredSeq: number;
  visitorReadSeq: number;
  staffDeliveredSeq: number;
  staffReadSeq: number;
}

/** A page of a conversation's history (VIS-4, RT-3, AGENT-3). */
export interface HistoryPage {
  /** In sequence order, ready to render top to bottom. */
  messages: Message[];
  /** Pass as `before` to get the next older page; null when this page reached the start. */
  olderCursor: string | null;
  lastSeq: number;
  receipts: Receipts;
}

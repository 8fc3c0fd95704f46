import type { AiNote } from '../ai/ai-agent.ts';
import type { ChatAccess } from '../conversations/chat-access.ts';
import type { Bucket, ConversationStatus } from '../conversations/conversation.ts';
import type { HistoryPage } from '../messages/message.ts';

/** The agent console's view models (AGENT-1, -3, -7): what its services return and its views render. */
export interface BucketTab {
  bucket: Bucket;
  count: number;
  unread: number;
}

export interface BucketRowData {
  id: string;
  visitorName: string | null;
  visitorPhone: string | null;
  lastMessageAt: string;
  /** Formatted here from `lastMessageAt` and the clock (views never read the clock). */
  updatedLabel: string;
  preview: string | null;
  unread: number;
  starred: boolean;
  /** Who holds the chat, in the Others bucket (a teammate, or "AI"). */
  holderName: string | null;
}

export interface FollowUp {
  conversationId: string;
  visitorName: string | null;
  visitorPhone: string | null;
  leadStage: string;
  status: ConversationStatus;
  followUpOn: string;
  lastMessagePreview: string | null;
}

/** A history page plus the text of originals its replies quote from outside the page. */
export type QuotedPage = HistoryPage & { quotes: Record<string, string> };

export interface PaneData {
  chat: {
    id: string;
    visitorName: string | null;
    visitorPhone: string | null;
    visitorEmail: string | null;
    status: ConversationStatus;
    leadStage: string;
    assigneeName: string | null;
    access: ChatAccess;
    starred: boolean;
  };
  history: QuotedPage;
  transferTargets: Array<{ id: string; name: string }>;
  /** The AI's handover summary (AI-4), when the AI handed this chat over. */
  handoverNote: AiNote | null;
}

import type { AiNote } from '../ai/ai-agent.ts';
import type { ChatAccess } from '../conversations/chat-access.ts';
import type { Bucket, ConversationStatus } from '../conversations/conversation.ts';
import type { ChatLeadSummary } from '../leads/lead-touch.ts';
import type { HistoryPage } from '../messages/message.ts';

/** Bucket pages are 20 chats (AGENT-1); the Updated order is the last message time. */
export const BUCKET_PAGE_SIZE = 20;

/** Tabs count up to this many chats and show "999+" beyond (ADR 0037). */
export const BUCKET_COUNT_CAP = 1000;

/**
 * Unassigned holds two groups (ROUTE-1, ADR 0037): visitors waiting now, then chats whose visitor
 * left after their release. A page position names its group; the waiting group is the default.
 */
export type UnassignedSection = 'waiting' | 'left';

/** Where a bucket page ends: keyset on (last_message_at DESC, id DESC), within a section. */
export interface BucketCursor {
  lastMessageAt: string;
  id: string;
  section?: 'left';
}

export interface BucketQuery {
  bucket: Bucket;
  viewerId: string;
  search?: string;
}

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
  /** Released after the visitor left: shown after the waiting ones, marked (Unassigned only). */
  visitorLeft: boolean;
  /** The first of the "visitor left" group on this page: the list draws its divider above it. */
  startsLeftGroup: boolean;
}

export interface FollowUp {
  leadId: string;
  /** A chat lead's newest chat; null for leads from forms, uploads and sheets. */
  conversationId: string | null;
  name: string | null;
  phone: string | null;
  stage: string;
  followUpOn: string;
}

/**
 * A history page as the agent pane shows it: the text of originals its replies quote from
 * outside the page, its images' stored sizes (thumbnails keep their box while loading), and the
 * visitor's name for their bubbles.
 */
export type QuotedPage = HistoryPage & {
  quotes: Record<string, string>;
  images: Record<string, { width: number; height: number }>;
  visitorName: string | null;
};

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
  /** The chat's lead beside it (CRM, issue 14 item 2). */
  lead: ChatLeadSummary | null;
}

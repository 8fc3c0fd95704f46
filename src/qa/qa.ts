import type { AiNote } from '../ai/ai-agent.ts';
import type { Conversation } from '../conversations/conversation.ts';
import type { HistoryPage } from '../messages/message.ts';

/**
 * The QA console (QA-1, QA-2): filters over every chat, the rows it lists. Read-only by design: no
 * type here describes a change to a chat. Scorecards and CSAT have their own pure files.
 */
export const QA_STATUSES = ['all', 'unassigned', 'active', 'offline', 'closed'] as const;
export type QaStatusFilter = (typeof QA_STATUSES)[number];

export const QA_SCORED = ['all', 'scored', 'unscored'] as const;
export type QaScoredFilter = (typeof QA_SCORED)[number];

export interface QaFilters {
  status: QaStatusFilter;
  /** A human agent's id (chats they hold), or AI_AGENT_ID: every chat the AI handled (ai_active). */
  agentId?: string | undefined;
  projectId?: string | undefined;
  /** Inclusive ISO instants on created_at. */
  from?: string | undefined;
  to?: string | undefined;
  scored: QaScoredFilter;
}

export interface QaChatRow {
  id: string;
  projectTitle: string;
  status: string;
  assigneeName: string | null;
  aiHandled: boolean;
  visitorName: string | null;
  lastMessageAt: string;
  lastMessagePreview: string | null;
  createdAt: string;
  scoreCount: number;
  csatScore: number | null;
}

/** Chats per page of the QA list (keyset, newest first). */
export const QA_PAGE_SIZE = 25;

/** The read-only pane: the chat, its last 30 messages with receipts, the visitor's presence. */
export interface QaPaneData {
  conversation: Conversation;
  projectTitle: string;
  assigneeName: string | null;
  aiNote: AiNote | null;
  history: HistoryPage;
  visitorOnline: boolean;
  csat: { score: number; comment: string | null } | null;
}

import type { AiNote } from '../ai/ai-agent.ts';
import type { Conversation } from '../conversations/conversation.ts';
import type { ChatLeadSummary } from '../leads/lead-touch.ts';
import type { Message } from '../messages/message.ts';
import type { AgentOverview } from '../staff/staff.ts';

/**
 * The admin/manager Chats table (ADMIN-2), dashboard (ADMIN-1) and chat modal: the filters, rows
 * and panel data their services return and their views render.
 */
export type ChatStatusFilter = 'all' | 'unassigned' | 'active' | 'offline' | 'closed';

export interface ChatFilters {
  status: ChatStatusFilter;
  stage?: string | undefined;
  agentId?: string | undefined;
  /** Inclusive ISO instants on created_at. */
  from?: string | undefined;
  to?: string | undefined;
  search?: string | undefined;
}

export interface ChatCursor {
  createdAt: string;
  id: string;
}

export interface ChatRow {
  id: string;
  projectId: string;
  /** The title the visitor's page shows (the internal name stays in the Projects console). */
  projectTitle: string;
  status: string;
  assigneeId: string | null;
  assigneeName: string | null;
  visitorName: string | null;
  visitorPhone: string | null;
  leadStage: string;
  lastMessageAt: string;
  lastMessagePreview: string | null;
  createdAt: string;
}

export interface ChatHistory {
  messages: Message[];
  olderCursor: string | null;
}

export interface VisitorBlockState {
  ip: string | null;
  block:
    | { reason: string | null; createdAt: string; createdBy: string | null; createdByName: string | null }
    | undefined;
}

export interface ChatPanelData {
  conversation: Conversation;
  projectTitle: string;
  assigneeName: string | null;
  agents: AgentOverview[];
  history: ChatHistory;
  visitor: VisitorBlockState;
  /** The AI's handover summary (AI-4), when the AI handed this chat over. */
  aiNote: AiNote | null;
  /** The chat's lead beside it (CRM, issue 14 item 2). */
  lead: ChatLeadSummary | null;
}

export { dayRangeProblem } from '../shared/day-range.ts';

import type { ConversationStatus } from '../conversations/conversation.ts';

/**
 * What an agent may do with one conversation (ADMIN-7 "own", ROUTE-1 Others read-only):
 * - own: assigned to them (any status): read and write;
 * - read_only: waiting unheld in Unassigned (may pick it up), or open with a teammate (Others);
 * - none: anything else, e.g. a teammate's closed chat. Checked server-side on every console route.
 */
export type ChatAccess = 'own' | 'read_only' | 'none';

export interface AccessFacts {
  status: ConversationStatus;
  assigneeId: string | null;
}

export function chatAccessFor(userId: string, chat: AccessFacts): ChatAccess {
  if (chat.assigneeId === userId) return 'own';
  // Waiting for anyone (queued, or released while the visitor is away): any agent may look and pick up.
  if (chat.assigneeId === null && chat.status !== 'closed') return 'read_only';
  if (chat.assigneeId !== null && (chat.status === 'active' || chat.status === 'offline')) return 'read_only';
  return 'none';
}

export const canRead = (access: ChatAccess): boolean => access !== 'none';
export const canWrite = (access: ChatAccess): boolean => access === 'own';

import { visitorIds } from '../../views/visitor/visitor-dom-ids.ts';

/** What the server put on <body> for the scripts, and the storage keys they share. */
export interface PageContext {
  projectId: string;
  slug: string;
  state: 'form' | 'chat';
  conversationId: string | undefined;
  status: string | undefined;
  swUrl: string;
}

export function pageContext(): PageContext {
  const data = document.body.dataset;
  return {
    projectId: data.projectId ?? '',
    slug: data.slug ?? '',
    state: data.state === 'chat' ? 'chat' : 'form',
    conversationId: data.conversationId,
    status: data.status,
    swUrl: data.sw ?? '/static/visitor/sw.js',
  };
}

/** Same key as the cookie: one token per project (VIS-3). Never pruned (AGENT-8). */
export const tokenKey = (projectId: string) => `vt_${projectId}`;
export const seenKey = (projectId: string) => `seen_${projectId}`;

/**
 * Where storage is refused (private mode, or a widget frame whose browser blocks third-party
 * storage) the token lives for this page only; the widget's host page keeps it across loads.
 */
const memoryTokens = new Map<string, string>();

export function storedToken(projectId: string): string | undefined {
  try {
    return localStorage.getItem(tokenKey(projectId)) ?? memoryTokens.get(projectId);
  } catch {
    return memoryTokens.get(projectId); // storage disabled (private mode, blocked third-party storage)
  }
}

export function storeToken(projectId: string, token: string): void {
  memoryTokens.set(projectId, token);
  try {
    localStorage.setItem(tokenKey(projectId), token);
  } catch {
    // the cookie (or the widget's host page) still carries it
  }
}

export const byId = <T extends HTMLElement>(id: string): T | null => document.getElementById(id) as T | null;

export interface ChatStart {
  conversationId: string;
  status: string;
}

/** The form (or a resume) announces the chat; the chat script listens. */
export const CHAT_READY_EVENT = 'visitor:chat-ready';

export function showChat(start: ChatStart): void {
  document.body.dataset.state = 'chat';
  for (const el of document.querySelectorAll<HTMLElement>('.vp-welcome')) el.hidden = true;
  const contact = byId(visitorIds.contactSection);
  if (contact) contact.hidden = true;
  const chat = byId(visitorIds.chatSection);
  if (chat) chat.hidden = false;
  document.querySelector('.vp-main')?.classList.add('vp-main-chat');
  document.dispatchEvent(new CustomEvent<ChatStart>(CHAT_READY_EVENT, { detail: start }));
}

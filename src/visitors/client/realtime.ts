import type { RealtimeEvent } from '../../events/events.ts';
import type { ChatMessage } from './chat-view.ts';

/**
 * The shape of the realtime branch's browser client (static/js/realtime-client.js), loaded at
 * run time as its own same-origin module so the visitor bundle and the widget share one copy.
 */
export interface RealtimeClient {
  follow(conversationId: string, options?: { lastSeq?: number }): void;
  unfollow(conversationId: string): void;
  send(
    conversationId: string,
    body: string,
    options?: { replyToId?: string; clientMessageId?: string },
  ): Promise<ChatMessage>;
  typing(conversationId: string, typing: boolean): void;
  markRead(conversationId: string): void;
  lastSeq(conversationId: string): number;
  close(): void;
}

/** The conversation events the page reacts to, straight from the server's event union. */
export type VisitorEvent =
  | Extract<
      RealtimeEvent,
      { type: 'receipt.updated' | 'typing.changed' | 'conversation.status_changed' | 'conversation.closed' }
    >
  | { type: 'error'; code: string };

export interface ConnectOptions {
  url: string;
  onMessage(message: ChatMessage): void;
  onEvent(event: VisitorEvent): void;
  onStatus(status: 'open' | 'closed'): void;
}

type Connect = (options: ConnectOptions) => RealtimeClient;

export const REALTIME_CLIENT_URL = '/static/js/realtime-client.js';

export async function connect(options: ConnectOptions): Promise<RealtimeClient> {
  const module = (await import(/* @vite-ignore */ REALTIME_CLIENT_URL)) as { connectRealtime: Connect };
  return module.connectRealtime(options);
}

/** `/ws?project=…&vt=…`: the token from localStorage when we have it, else the cookie does it. */
export function socketUrl(projectId: string, token: string | undefined): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = new URLSearchParams({ project: projectId });
  if (token) params.set('vt', token);
  return `${scheme}//${location.host}/ws?${params.toString()}`;
}

/** Types for realtime-client.js (the browser module stays plain JavaScript, no build). */
export interface RealtimeMessage {
  id: string;
  conversationId: string;
  seq: number;
  senderKind: 'visitor' | 'agent' | 'admin' | 'ai' | 'system';
  senderUserId: string | null;
  senderName: string | null;
  clientMessageId: string;
  body: string;
  replyToId: string | null;
  attachmentId: string | null;
  createdAt: string;
}

export interface RealtimeClientOptions {
  url: string;
  onMessage?: (message: RealtimeMessage) => void;
  onEvent?: (event: { type: string; [key: string]: unknown }, frame?: unknown) => void;
  onStatus?: (status: 'open' | 'closed', code?: number) => void;
  autoDelivered?: boolean;
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  WebSocketImpl?: typeof WebSocket;
  /** Passed as the second WebSocket constructor argument (Bun accepts `{ headers }`). */
  socketOptions?: unknown;
}

export interface RealtimeClient {
  follow(conversationId: string, options?: { lastSeq?: number }): void;
  unfollow(conversationId: string): void;
  send(
    conversationId: string,
    body: string,
    options?: { replyToId?: string; clientMessageId?: string },
  ): Promise<RealtimeMessage>;
  typing(conversationId: string, typing: boolean): void;
  markRead(conversationId: string): void;
  lastSeq(conversationId: string): number;
  dropConnection(): void;
  close(): void;
}

export function connectRealtime(options: RealtimeClientOptions): RealtimeClient;

import type { RealtimeEvent } from '../../src/events/events.ts';
import type { Message } from '../../src/messages/message.ts';
import {
  type ClientFrame,
  type ControlFrame,
  SESSION_ENDED_CLOSE,
  type StaffFrame,
  type StaffServerFrame,
  UNAVAILABLE_ERROR,
  type VisitorServerFrame,
  WS_PATH,
} from '../../src/realtime/wire.ts';

/**
 * The browser client of `/ws`, used by the visitor page, the staff consoles and (later) the
 * widget; the frames are the ones in src/realtime/wire.ts.
 *
 * - reconnects with jittered exponential back-off (not after a "session ended" close);
 * - re-joins every followed conversation with the last sequence it holds, and the server answers
 *   with everything after it (RT-3), so there are no gaps;
 * - hands messages to `onMessage` exactly once and in sequence order (deduped by id and seq; a
 *   jump in seq asks for a catch-up and holds later messages until the gap is filled);
 * - hands every event to `onEvent` once, with its frame on staff sockets (which also get
 *   `message.created` there: consoles fetch the rendered bubble); visitors get messages only
 *   through `onMessage`;
 * - sends with client message ids and resends un-acknowledged sends after a reconnect: the
 *   server stores each id once, so a resend can never duplicate a message.
 */
export type ErrorFrame = Extract<ControlFrame, { type: 'error' }>;

export interface RealtimeClientOptions {
  /** Read at every (re)connect when a function: a visitor page's first socket has no token yet. */
  url: string | (() => string);
  onMessage?: (message: Message) => void;
  /** Events other than new messages, and error frames; `frame` is set for staff frames. */
  onEvent?: (event: RealtimeEvent | ErrorFrame, frame?: StaffFrame) => void;
  onStatus?: (status: 'open' | 'closed', code?: number) => void;
  /** The server may have missed events between instances (ADR 0044): re-read what is shown. */
  onResync?: () => void;
  /** Acknowledge delivery of every message handed to `onMessage` (default on). */
  autoDelivered?: boolean;
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  WebSocketImpl?: typeof WebSocket;
  /** Passed as the second WebSocket constructor argument (Bun accepts `{ headers }`). */
  socketOptions?: unknown;
}

export interface RealtimeClient {
  /** Follow a conversation; lastSeq = the highest sequence already shown (0 for none). */
  follow(conversationId: string, options?: { lastSeq?: number }): void;
  unfollow(conversationId: string): void;
  /** Resolves with the stored message once the server acknowledged it (it is then persisted). */
  send(
    conversationId: string,
    body: string,
    options?: { replyToId?: string | undefined; clientMessageId?: string },
  ): Promise<Message>;
  typing(conversationId: string, typing: boolean): void;
  /** Call while the tab is focused with this chat open (VIS-7). */
  markRead(conversationId: string): void;
  lastSeq(conversationId: string): number;
  /** For tests and "reconnect now" buttons: drops the socket; the client reconnects by itself. */
  dropConnection(): void;
  close(): void;
}

/** A catch-up answer holds at most this many messages: a full one means "ask again". */
const CATCH_UP_PAGE = 500;
const PING_EVERY_MS = 25_000;

interface Followed {
  lastSeq: number;
  held: Map<number, Message>;
  syncing: boolean;
}

interface Pending {
  frame: ClientFrame;
  resolve(message: Message): void;
  reject(error: Error): void;
  /** How often the server refused it as `unavailable` so far. */
  retries?: number;
}

/** A send refused as `unavailable` is tried again this often (backoff from minDelayMs, ~25 s). */
const UNAVAILABLE_RETRIES = 6;

/** `ws(s)://<this host>/ws`, plus query parameters (the visitor's project and token). */
export function socketUrl(params?: URLSearchParams): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = params && [...params.keys()].length > 0 ? `?${params.toString()}` : '';
  return `${scheme}//${location.host}${WS_PATH}${query}`;
}

const isStaffFrame = (frame: StaffServerFrame | VisitorServerFrame): frame is StaffFrame => 'event' in frame;

export function connectRealtime(options: RealtimeClientOptions): RealtimeClient {
  const {
    url,
    onMessage = () => {},
    onEvent = () => {},
    onStatus = () => {},
    onResync = () => {},
    autoDelivered = true,
    minDelayMs = 250,
    maxDelayMs = 10_000,
    random = Math.random,
    WebSocketImpl = globalThis.WebSocket,
    socketOptions,
  } = options;
  const conversations = new Map<string, Followed>();
  const pending = new Map<string, Pending>();
  let socket: WebSocket | undefined;
  let attempt = 0;
  let stopped = false;
  let pingTimer: ReturnType<typeof setInterval> | undefined;

  const isOpen = () => socket?.readyState === 1; // OPEN, whichever WebSocket implementation
  const write = (frame: ClientFrame) => {
    if (isOpen()) socket?.send(JSON.stringify(frame));
  };
  const join = (conversationId: string, followed: Followed) => {
    followed.syncing = true;
    write({ type: 'join', conversationId, afterSeq: followed.lastSeq });
  };

  function open(): void {
    const target = typeof url === 'function' ? url() : url;
    const ws = (
      socketOptions
        ? new (WebSocketImpl as unknown as new (url: string, options: unknown) => WebSocket)(
            target,
            socketOptions,
          )
        : new WebSocketImpl(target)
    ) as WebSocket;
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      for (const [conversationId, followed] of conversations) join(conversationId, followed);
      for (const entry of pending.values()) write(entry.frame);
      pingTimer = setInterval(() => write({ type: 'ping' }), PING_EVERY_MS);
      onStatus('open');
    };
    ws.onmessage = (message: MessageEvent) => {
      let frame: StaffServerFrame | VisitorServerFrame;
      try {
        frame = JSON.parse(String(message.data)) as StaffServerFrame | VisitorServerFrame;
      } catch {
        return;
      }
      if (!isStaffFrame(frame)) return handle(frame);
      if (frame.event.type === 'message.created') accept(frame.event.message);
      onEvent(frame.event, frame);
    };
    ws.onclose = (event: CloseEvent) => {
      clearInterval(pingTimer);
      onStatus('closed', event.code);
      if (stopped || event.code === SESSION_ENDED_CLOSE) return;
      const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** attempt++);
      setTimeout(open, ceiling / 2 + random() * (ceiling / 2));
    };
  }

  function handle(frame: VisitorServerFrame) {
    switch (frame.type) {
      case 'joined': {
        const followed = conversations.get(frame.conversationId);
        if (!followed) return;
        followed.syncing = false;
        for (const message of frame.messages) accept(message);
        // A catch-up is capped per answer: keep asking until the gap is closed.
        if (followed.held.size > 0 || frame.messages.length >= CATCH_UP_PAGE)
          join(frame.conversationId, followed);
        return;
      }
      case 'ack': {
        const entry = pending.get(frame.clientMessageId);
        pending.delete(frame.clientMessageId);
        accept(frame.message);
        return entry?.resolve(frame.message);
      }
      case 'error': {
        const entry = frame.clientMessageId ? pending.get(frame.clientMessageId) : undefined;
        if (entry && frame.code === UNAVAILABLE_ERROR && (entry.retries ?? 0) < UNAVAILABLE_RETRIES) {
          // The database is locked or away for a moment; nothing was stored: the same id again.
          entry.retries = (entry.retries ?? 0) + 1;
          const delay = Math.min(maxDelayMs, minDelayMs * 2 ** entry.retries);
          setTimeout(() => {
            if (frame.clientMessageId && pending.get(frame.clientMessageId) === entry) write(entry.frame);
          }, delay);
          return;
        }
        if (entry && frame.clientMessageId) {
          pending.delete(frame.clientMessageId);
          entry.reject(Object.assign(new Error(frame.code), { code: frame.code }));
        }
        return onEvent(frame);
      }
      case 'resync':
        // Events may have been lost between instances: catch up on everything followed (ADR 0044).
        for (const [conversationId, followed] of conversations) join(conversationId, followed);
        return onResync();
      case 'hello':
      case 'pong':
        return;
      case 'message.created':
        return accept(frame.message);
      default:
        return onEvent(frame);
    }
  }

  /** Delivers messages strictly in seq order; a gap triggers one catch-up request. */
  function accept(message: Message): void {
    const followed = conversations.get(message.conversationId);
    if (!followed || message.seq <= followed.lastSeq || followed.held.has(message.seq)) return;
    followed.held.set(message.seq, message);
    const before = followed.lastSeq;
    for (
      let next = followed.held.get(followed.lastSeq + 1);
      next;
      next = followed.held.get(followed.lastSeq + 1)
    ) {
      followed.held.delete(next.seq);
      followed.lastSeq = next.seq;
      onMessage(next);
    }
    if (followed.held.size > 0 && !followed.syncing) join(message.conversationId, followed);
    if (autoDelivered && followed.lastSeq > before) {
      write({ type: 'delivered', conversationId: message.conversationId, seq: followed.lastSeq });
    }
  }

  open();

  return {
    follow(conversationId, { lastSeq = 0 } = {}) {
      const followed = { lastSeq, held: new Map<number, Message>(), syncing: true };
      conversations.set(conversationId, followed);
      join(conversationId, followed);
    },
    unfollow(conversationId) {
      conversations.delete(conversationId);
      write({ type: 'leave', conversationId });
    },
    send(conversationId, body, { replyToId, clientMessageId = crypto.randomUUID() } = {}) {
      const frame: ClientFrame = {
        type: 'send',
        conversationId,
        clientMessageId,
        body,
        ...(replyToId ? { replyToId } : {}),
      };
      return new Promise<Message>((resolve, reject) => {
        pending.set(clientMessageId, { frame, resolve, reject });
        write(frame);
      });
    },
    typing(conversationId, typing) {
      write({ type: 'typing', conversationId, typing });
    },
    markRead(conversationId) {
      const followed = conversations.get(conversationId);
      if (followed && followed.lastSeq > 0) write({ type: 'read', conversationId, seq: followed.lastSeq });
    },
    lastSeq: (conversationId) => conversations.get(conversationId)?.lastSeq ?? 0,
    dropConnection: () => socket?.close(),
    close() {
      stopped = true;
      clearInterval(pingTimer);
      socket?.close();
    },
  };
}

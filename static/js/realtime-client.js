/**
 * Browser client for the `/ws` realtime endpoint (plain ES module, no build). Used by the visitor
 * page, the widget and the staff consoles; the frames are the ones in src/realtime/wire.ts.
 *
 * - reconnects with jittered exponential back-off (not after a 4001 "session ended" close);
 * - re-joins every followed conversation with the last sequence it holds, and the server answers
 *   with everything after it (RT-3), so there are no gaps;
 * - hands messages to `onMessage` exactly once and in sequence order (deduped by id and seq; a
 *   jump in seq asks for a catch-up and holds later messages until the gap is filled);
 * - sends with client message ids and resends un-acknowledged sends after a reconnect: the
 *   server stores each id once, so a resend can never duplicate a message.
 *
 * const rt = connectRealtime({ url, onMessage, onEvent, onStatus });
 * rt.follow(conversationId, { lastSeq }); await rt.send(conversationId, 'hello');
 */
export function connectRealtime(options) {
  const {
    url,
    onMessage = () => {},
    onEvent = () => {},
    onStatus = () => {},
    autoDelivered = true,
    minDelayMs = 250,
    maxDelayMs = 10000,
    random = Math.random,
    WebSocketImpl = globalThis.WebSocket,
    socketOptions,
  } = options;
  const conversations = new Map(); // id → { lastSeq, held: Map<seq, message>, syncing }
  const pending = new Map(); // clientMessageId → { frame, resolve, reject }
  let socket;
  let attempt = 0;
  let stopped = false;
  let pingTimer;

  const isOpen = () => socket && socket.readyState === 1;
  const write = (frame) => isOpen() && socket.send(JSON.stringify(frame));

  function open() {
    socket = socketOptions ? new WebSocketImpl(url, socketOptions) : new WebSocketImpl(url);
    socket.onopen = () => {
      attempt = 0;
      for (const [conversationId, c] of conversations) {
        c.syncing = true;
        write({ type: 'join', conversationId, afterSeq: c.lastSeq });
      }
      for (const entry of pending.values()) write(entry.frame);
      pingTimer = setInterval(() => write({ type: 'ping' }), 25000);
      onStatus('open');
    };
    socket.onmessage = (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      handle(frame.event ?? frame);
      if (frame.event) onEvent(frame.event, frame);
    };
    socket.onclose = (event) => {
      clearInterval(pingTimer);
      onStatus('closed', event.code);
      if (stopped || event.code === 4001) return;
      const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** attempt++);
      setTimeout(open, ceiling / 2 + random() * (ceiling / 2));
    };
  }

  function handle(frame) {
    switch (frame.type) {
      case 'joined': {
        const c = conversations.get(frame.conversationId);
        if (!c) return;
        c.syncing = false;
        for (const message of frame.messages) accept(message);
        // A catch-up is capped per answer: keep asking until the gap is closed.
        if (c.held.size > 0 || frame.messages.length >= 500) {
          c.syncing = true;
          write({ type: 'join', conversationId: frame.conversationId, afterSeq: c.lastSeq });
        }
        return;
      }
      case 'message.created':
        return accept(frame.message);
      case 'ack': {
        const entry = pending.get(frame.clientMessageId);
        pending.delete(frame.clientMessageId);
        accept(frame.message);
        return entry?.resolve(frame.message);
      }
      case 'error': {
        const entry = frame.clientMessageId && pending.get(frame.clientMessageId);
        if (entry) {
          pending.delete(frame.clientMessageId);
          entry.reject(Object.assign(new Error(frame.code), { code: frame.code }));
        }
        return onEvent(frame);
      }
      default:
        if (!frame.event) onEvent(frame);
    }
  }

  /** Delivers messages strictly in seq order; a gap triggers one catch-up request. */
  function accept(message) {
    const c = conversations.get(message.conversationId);
    if (!c || message.seq <= c.lastSeq || c.held.has(message.seq)) return;
    c.held.set(message.seq, message);
    const before = c.lastSeq;
    while (c.held.has(c.lastSeq + 1)) {
      const next = c.held.get(c.lastSeq + 1);
      c.held.delete(c.lastSeq + 1);
      c.lastSeq = next.seq;
      onMessage(next);
    }
    if (c.held.size > 0 && !c.syncing) {
      c.syncing = true;
      write({ type: 'join', conversationId: message.conversationId, afterSeq: c.lastSeq });
    }
    if (autoDelivered && c.lastSeq > before) {
      write({ type: 'delivered', conversationId: message.conversationId, seq: c.lastSeq });
    }
  }

  open();

  return {
    /** Follow a conversation; lastSeq = the highest sequence already shown (0 for none). */
    follow(conversationId, { lastSeq = 0 } = {}) {
      conversations.set(conversationId, { lastSeq, held: new Map(), syncing: true });
      write({ type: 'join', conversationId, afterSeq: lastSeq });
    },
    unfollow(conversationId) {
      conversations.delete(conversationId);
      write({ type: 'leave', conversationId });
    },
    /** Resolves with the stored message once the server acknowledged it (it is then persisted). */
    send(conversationId, body, { replyToId, clientMessageId = crypto.randomUUID() } = {}) {
      const frame = {
        type: 'send',
        conversationId,
        clientMessageId,
        body,
        ...(replyToId ? { replyToId } : {}),
      };
      return new Promise((resolve, reject) => {
        pending.set(clientMessageId, { frame, resolve, reject });
        write(frame);
      });
    },
    typing(conversationId, typing) {
      write({ type: 'typing', conversationId, typing });
    },
    /** Call while the tab is focused with this chat open (VIS-7). */
    markRead(conversationId) {
      const c = conversations.get(conversationId);
      if (c && c.lastSeq > 0) write({ type: 'read', conversationId, seq: c.lastSeq });
    },
    lastSeq: (conversationId) => conversations.get(conversationId)?.lastSeq ?? 0,
    /** For tests and "reconnect now" buttons: drops the socket; the client reconnects by itself. */
    dropConnection: () => socket?.close(),
    close() {
      stopped = true;
      clearInterval(pingTimer);
      socket?.close();
    },
  };
}

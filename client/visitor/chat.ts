import type { RealtimeEvent } from '../../src/events/events.ts';
import { HISTORY_PAGE, type HistoryPage, type Message } from '../../src/messages/message.ts';
import { NOT_BOUND_ERROR } from '../../src/realtime/wire.ts';
import { SOCKET_BIND_PARAM } from '../../src/visitors/visitor-token.ts';
import { messageDomId, visitorIds } from '../../views/visitor/visitor-dom-ids.ts';
import { connectRealtime, type ErrorFrame, type RealtimeClient } from '../shared/realtime.ts';
import { showAttachment } from './attachment-image.ts';
import {
  highlightMessage,
  paintTick,
  type Receipts,
  renderMessage,
  renderSeparator,
  setStatusText,
  show,
} from './chat-view.ts';
import { setUpComposer } from './composer.ts';
import { setUpCsat } from './csat.ts';
import {
  announceHistory,
  announceMessage,
  embedHost,
  markResumeSettled,
  tokenHandover,
} from './embed-hooks.ts';
import {
  byId,
  CHAT_READY_EVENT,
  type ChatStart,
  pageContext,
  showChat,
  storedToken,
  storeToken,
} from './page.ts';
import { noInstallOffer, setUpPwa } from './pwa.ts';
import { watchQueue } from './queue.ts';
import { socketUrl } from './realtime.ts';

/**
 * The visitor's chat (VIS-4..8): last 30 messages from the history API, live updates over the
 * realtime client (which dedupes and back-fills by sequence), older pages on scroll-up, receipts,
 * typing, reply-to, and a fresh chat after "this chat has ended".
 */
const ctx = pageContext();
const list = byId<HTMLOListElement>(visitorIds.messages);
const log = byId<HTMLElement>(visitorIds.chatLog);
const messages = new Map<string, Message>();
const receipts: Receipts = { staffDeliveredSeq: 0, staffReadSeq: 0 };
let conversationId = '';
let status = '';
let olderCursor: string | null = null;
let rt: RealtimeClient | undefined;
let socketOpen = false;
let typingTimer: ReturnType<typeof setTimeout> | undefined;

const authHeaders = (): Record<string, string> => {
  const token = storedToken(ctx.projectId);
  return token ? { 'X-Visitor-Token': token } : {};
};

async function loadHistory(before?: string): Promise<HistoryPage | undefined> {
  const query = new URLSearchParams({ limit: String(HISTORY_PAGE), ...(before ? { before } : {}) });
  const res = await fetch(`/api/visitor/conversations/${conversationId}/messages?${query}`, {
    headers: authHeaders(),
  });
  return res.ok ? ((await res.json()) as HistoryPage) : undefined;
}

const handlers = {
  onReply: (m: Message) => composer.replyTo(m),
  onQuoteClick: (id: string) => void highlightMessage(id),
  quoteOf: (id: string) => messages.get(id),
  showAttachment: (img: HTMLImageElement, id: string) =>
    showAttachment(img, `/p/${ctx.slug}/uploads/${id}`, authHeaders),
};

const nearBottom = () => !log || log.scrollHeight - log.scrollTop - log.clientHeight < 120;
function scrollToBottom(): void {
  if (log) log.scrollTop = log.scrollHeight;
}

function addMessage(m: Message): void {
  if (!list) return;
  composer.settle(m.clientMessageId);
  if (messages.has(m.id)) return;
  messages.set(m.id, m);
  const stick = nearBottom() || m.senderKind === 'visitor';
  list.append(renderMessage(m, receipts, handlers));
  announceMessage(m);
  if (m.senderKind !== 'visitor') show(visitorIds.typing, false);
  if (m.senderKind === 'agent' || m.senderKind === 'admin' || m.senderKind === 'ai') install.teamReplied();
  if (stick) scrollToBottom();
  markReadIfWatching();
}

function prependMessages(page: Message[]): void {
  if (!list || !log) return;
  const before = log.scrollHeight;
  const fresh = page.filter((m) => !messages.has(m.id));
  for (const m of fresh) messages.set(m.id, m);
  list.prepend(...fresh.map((m) => renderMessage(m, receipts, handlers)));
  log.scrollTop += log.scrollHeight - before; // keep the visitor's place
}

function repaintTicks(): void {
  for (const m of messages.values()) {
    // Receipts are per conversation: an earlier one's ticks (above a separator) stay as they were.
    if (m.senderKind !== 'visitor' || m.conversationId !== conversationId) continue;
    const tick = byId(messageDomId(m.id))?.querySelector<HTMLElement>('.vp-tick');
    if (tick) paintTick(tick, m.seq, receipts);
  }
}

function markReadIfWatching(): void {
  if (rt && conversationId && document.visibilityState === 'visible' && document.hasFocus()) {
    rt.markRead(conversationId);
  }
}

function setStatus(next: string): void {
  status = next;
  show(visitorIds.closedBanner, next === 'closed');
  if (next === 'closed') {
    install.chatEnded();
    csat.offer();
  }
  if (next !== 'unassigned') show(visitorIds.leaveMessage, false);
  setStatusText(
    next === 'active'
      ? 'You are chatting with our team.'
      : next === 'closed'
        ? ''
        : next === 'offline'
          ? 'Welcome back. Your messages reach the team as before.'
          : 'Connecting you with the next available specialist…',
  );
  if (next === 'unassigned') watchQueue(ctx.slug, () => conversationId, authHeaders, setPolledStatus);
}

/**
 * A poll can answer after a live event overtook it; a closed chat never reopens by itself (only
 * the visitor's next message does, through reopen()), so a late answer cannot undo "closed".
 */
function setPolledStatus(next: string): void {
  if (status !== 'closed') setStatus(next);
}

function onEvent(event: RealtimeEvent | ErrorFrame): void {
  // The bind went astray (another instance lost it): the next socket carries the token.
  if (event.type === 'error' && event.code === NOT_BOUND_ERROR) {
    rt?.dropConnection();
    return;
  }
  if (!('conversationId' in event) || event.conversationId !== conversationId) return;
  if (event.type === 'receipt.updated' && event.side === 'staff') {
    receipts.staffDeliveredSeq = Math.max(receipts.staffDeliveredSeq, event.deliveredSeq);
    receipts.staffReadSeq = Math.max(receipts.staffReadSeq, event.readSeq);
    repaintTicks();
  } else if (event.type === 'typing.changed' && event.side === 'staff') {
    show(visitorIds.typing, event.typing);
    clearTimeout(typingTimer);
    // Safety net: a lost "stopped" never leaves the pill on (RT-2 auto-clear is 5 s).
    if (event.typing) typingTimer = setTimeout(() => show(visitorIds.typing, false), 6000);
    if (event.typing && nearBottom()) scrollToBottom();
  } else if (event.type === 'conversation.status_changed') {
    setStatus(event.status);
  } else if (event.type === 'conversation.closed') {
    setStatus('closed');
  }
}

async function watchOlder(): Promise<void> {
  const sentinel = byId(visitorIds.olderSentinel);
  if (!sentinel || !log) return;
  sentinel.hidden = olderCursor === null;
  const observer = new IntersectionObserver(
    async (entries) => {
      if (!entries.some((entry) => entry.isIntersecting) || !olderCursor) return;
      observer.unobserve(sentinel);
      const page = await loadHistory(olderCursor);
      if (page) {
        olderCursor = page.olderCursor;
        prependMessages(page.messages);
      }
      sentinel.hidden = olderCursor === null;
      if (olderCursor) observer.observe(sentinel);
    },
    { root: log, rootMargin: '200px 0px 0px 0px' },
  );
  observer.observe(sentinel);
}

async function refreshStatus(): Promise<void> {
  const asked = conversationId;
  const query = new URLSearchParams({ conversation: asked });
  const res = await fetch(`/p/${ctx.slug}/queue?${query}`, { headers: authHeaders() }).catch(() => undefined);
  if (!res?.ok || asked !== conversationId) return; // a fresh chat started meanwhile
  const state = (await res.json()) as { status: string };
  if (state.status !== status) setPolledStatus(state.status);
}

/** After a close the next message opens a fresh chat carrying the lead data (VIS-8). */
async function reopen(): Promise<true | string> {
  const res = await fetch(`/p/${ctx.slug}/chat/again`, {
    method: 'POST',
    headers: { ...authHeaders(), Accept: 'application/json' },
  }).catch(() => undefined);
  if (res?.status === 429) return 'Too many new chats in a short time. Please try again in a few minutes.';
  if (!res?.ok) return 'We could not start a new chat. Please check your connection and try again.';
  const next = (await res.json()) as { conversationId: string; startedAt: string };
  rt?.unfollow(conversationId);
  // The earlier conversation stays on screen above; a line says where the new one begins.
  if (list && messages.size > 0) list.append(renderSeparator(next.startedAt));
  conversationId = next.conversationId;
  document.body.dataset.conversationId = conversationId;
  receipts.staffDeliveredSeq = 0;
  receipts.staffReadSeq = 0;
  rt?.follow(conversationId, { lastSeq: 0 });
  csat.reset();
  setStatus('unassigned');
  return true;
}

const install = embedHost() ? noInstallOffer : setUpPwa(ctx.swUrl);
const csat = setUpCsat({ slug: ctx.slug, conversationId: () => conversationId, authHeaders });

const composer = setUpComposer({
  slug: ctx.slug,
  conversationId: () => conversationId,
  client: () => rt,
  authHeaders,
  beforeSend: async () => (status === 'closed' ? reopen() : true),
  onUploaded: addMessage,
});

/**
 * PERF-7 (ADR 0051): the socket opens as soon as the person starts on the form, with a key of its
 * own that the form posts with the chat start. The start binds this socket to the new chat, so the
 * chat is live when the start's answer arrives, without a handshake and a join after it.
 */
let bindKey: string | undefined;
const contactForm = byId<HTMLFormElement>(visitorIds.contactForm);

function connect(): RealtimeClient {
  return connectRealtime({
    url: () => socketUrl(ctx.projectId, storedToken(ctx.projectId), bindKey),
    onMessage: addMessage,
    onEvent,
    onStatus: (state) => {
      socketOpen = state === 'open';
      // Events sent while the socket was down are not replayed: re-read the status on (re)connect.
      if (state === 'open' && conversationId) void refreshStatus();
    },
  });
}

function openEarly(): void {
  if (rt || conversationId || !contactForm) return;
  bindKey = randomKey();
  const field = Object.assign(document.createElement('input'), {
    type: 'hidden',
    name: SOCKET_BIND_PARAM,
    value: bindKey,
  });
  contactForm.append(field);
  rt = connect();
}

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

async function openChat(start: ChatStart): Promise<void> {
  if (conversationId) return;
  conversationId = start.conversationId;
  bindKey = undefined; // bound by now, or lost: a reconnect uses the token
  install.chatStarted();
  // Before the socket: a status it re-reads on opening is newer than the one the page started with.
  setStatus(start.status);
  // The socket opened early is bound already. One that is not up (refused, or still connecting)
  // gives way to a socket with the token, which opens while the history loads (its handshake is a
  // round trip of its own). The join waits for the history, so live messages always land after
  // the last one shown.
  if (rt && !socketOpen) {
    rt.close();
    rt = undefined;
  }
  rt ??= connect();
  const page = await loadHistory();
  if (page) {
    announceHistory(page);
    Object.assign(receipts, page.receipts);
    olderCursor = page.olderCursor;
    for (const m of page.messages) addMessage(m);
  }
  scrollToBottom();
  void watchOlder();
  rt.follow(conversationId, { lastSeq: page?.lastSeq ?? 0 });
  window.addEventListener('focus', markReadIfWatching);
  document.addEventListener('visibilitychange', markReadIfWatching);
}

async function resumeFromStorage(): Promise<void> {
  const token = storedToken(ctx.projectId);
  if (!token) return;
  const res = await fetch(`/p/${ctx.slug}/session`, { headers: { 'X-Visitor-Token': token } });
  if (!res.ok) return;
  const session = (await res.json()) as { conversationId: string; status: string };
  storeToken(ctx.projectId, token);
  showChat({ conversationId: session.conversationId, status: session.status });
}

contactForm?.addEventListener('focusin', openEarly, { once: true });
contactForm?.addEventListener('pointerdown', openEarly, { once: true });
document.addEventListener(
  CHAT_READY_EVENT,
  (event) => void openChat((event as CustomEvent<ChatStart>).detail),
);
if (ctx.state === 'chat' && ctx.conversationId) {
  void openChat({ conversationId: ctx.conversationId, status: ctx.status ?? 'unassigned' });
} else {
  void tokenHandover()
    .then(resumeFromStorage)
    .catch(() => undefined)
    .finally(markResumeSettled);
}

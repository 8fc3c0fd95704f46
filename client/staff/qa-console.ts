import type { RealtimeEvent } from '../../src/events/events.ts';
import { receiptLabel, receiptStateOf, receiptTicks } from '../../src/messages/receipt-state.ts';
import {
  conversationMessagesId,
  LIVE_REFRESH_EVENT,
  receiptsId,
  typingIndicatorId,
} from '../../views/dom-ids.ts';
import { qaIds, qaPresenceId } from '../../views/qa/qa-dom-ids.ts';
import { connectRealtime, socketUrl } from '../shared/realtime.ts';
import { htmx } from './page.ts';

/**
 * The QA console (QA-1): one socket on the staff topic, which QA hears as an overseer. It only
 * listens: it never sends a message, typing or a receipt (the server refuses them anyway). The
 * list reloads itself on any event; the open chat appends new bubbles rendered by the server,
 * repaints receipt ticks, shows who is typing and whether the visitor is online.
 * Nothing user-written is ever built into HTML here (names go in as textContent).
 */
const REFRESH_DELAY_MS = 400;
const TYPING_TIMEOUT_MS = 6000;
const byId = (id: string) => document.getElementById(id);
const openChat = () => document.querySelector<HTMLElement>('[data-qa-chat]');
const openId = () => openChat()?.getAttribute('data-qa-chat') ?? undefined;

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let typingTimer: ReturnType<typeof setTimeout> | undefined;
let newerInFlight: Promise<void> | undefined;

function refreshList(): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    for (const region of document.querySelectorAll('[data-live-refresh]')) {
      htmx().trigger(region, LIVE_REFRESH_EVENT);
    }
  }, REFRESH_DELAY_MS);
}

const scroller = (id: string) => byId(conversationMessagesId(id));

function lastSeq(id: string): number {
  const bubbles = scroller(id)?.querySelectorAll('.message[data-seq]');
  const last = bubbles?.[bubbles.length - 1];
  return last ? Number(last.getAttribute('data-seq')) : 0;
}

function scrollToEnd(id: string): void {
  const list = scroller(id);
  if (list) list.scrollTop = list.scrollHeight;
}

/** Appends what arrived after the last bubble on screen, one request at a time. */
async function loadNewer(id: string): Promise<void> {
  await newerInFlight;
  const list = scroller(id);
  if (!list || openId() !== id) return;
  const atEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  newerInFlight = htmx().ajax('GET', `/qa/chats/${id}/messages?after=${lastSeq(id)}`, {
    target: `#${conversationMessagesId(id)}`,
    swap: 'beforeend',
  });
  await newerInFlight;
  newerInFlight = undefined;
  if (atEnd) scrollToEnd(id);
}

function applyReceipts(id: string, deliveredSeq: number, readSeq: number): void {
  const marks = byId(receiptsId(id));
  marks?.setAttribute('data-delivered-seq', String(deliveredSeq));
  marks?.setAttribute('data-read-seq', String(readSeq));
  for (const bubble of scroller(id)?.querySelectorAll('.message:not(.message-visitor)[data-seq]') ?? []) {
    const ticks = bubble.querySelector('.ticks');
    if (!ticks) continue;
    const state = receiptStateOf(Number(bubble.getAttribute('data-seq')), { deliveredSeq, readSeq });
    bubble.classList.remove('receipt-sent', 'receipt-delivered', 'receipt-read');
    bubble.classList.add(`receipt-${state}`);
    ticks.textContent = receiptTicks[state];
    ticks.setAttribute('aria-label', receiptLabel[state]);
    ticks.setAttribute('title', receiptLabel[state]);
  }
}

function showTyping(id: string, who: string, typing: boolean): void {
  const line = byId(typingIndicatorId(id));
  if (!line) return;
  clearTimeout(typingTimer);
  line.textContent = typing ? `${who} is typing…` : '';
  if (typing) typingTimer = setTimeout(() => showTyping(id, who, false), TYPING_TIMEOUT_MS);
}

function reloadPane(id: string): void {
  void htmx().ajax('GET', `/qa/chats/${id}`, { target: `#${qaIds.pane}`, swap: 'innerHTML' });
}

function onChatEvent(event: RealtimeEvent, id: string): void {
  switch (event.type) {
    case 'message.created':
      showTyping(id, '', false);
      void loadNewer(id);
      return;
    case 'receipt.updated':
      if (event.side === 'visitor') applyReceipts(id, event.deliveredSeq, event.readSeq);
      return;
    case 'typing.changed': {
      const visitor = openChat()?.getAttribute('data-visitor-name') ?? 'The visitor';
      showTyping(id, event.side === 'visitor' ? visitor : (event.name ?? 'The agent'), event.typing);
      return;
    }
    case 'conversation.assigned':
    case 'conversation.status_changed':
    case 'conversation.closed':
    case 'ai.status_changed':
      reloadPane(id);
      return;
    default:
      return;
  }
}

function onEvent(event: RealtimeEvent): void {
  const id = openId();
  if (event.type === 'presence.changed') {
    const line = event.subject === 'visitor' ? byId(qaPresenceId(event.id)) : null;
    if (line) line.textContent = event.online ? 'Online' : 'Away';
  } else if (id && 'conversationId' in event && event.conversationId === id) {
    onChatEvent(event, id);
  }
  // Typing and receipts change no row of the list: only the rest reloads it.
  if (event.type !== 'typing.changed' && event.type !== 'receipt.updated') refreshList();
}

/** A chat opened into the pane starts at its newest message, and is brought into view on a phone. */
document.addEventListener('htmx:after:swap', () => {
  const id = openId();
  const chat = openChat();
  if (!id || !chat || chat.hasAttribute('data-qa-seen')) return;
  chat.setAttribute('data-qa-seen', '');
  scrollToEnd(id);
  if (window.matchMedia('(max-width: 960px)').matches) chat.scrollIntoView({ block: 'start' });
});

const first = openId();
if (first) {
  openChat()?.setAttribute('data-qa-seen', '');
  scrollToEnd(first);
}

connectRealtime({
  url: socketUrl(),
  // QA never acknowledges: its reading is not the staff's reading (receipts stay the agent's).
  autoDelivered: false,
  onEvent: (event) => {
    if ('type' in event && event.type !== 'error') onEvent(event);
  },
  onStatus: (status) => {
    document.documentElement.setAttribute('data-realtime', status);
    if (status !== 'open') return;
    refreshList();
    const id = openId();
    if (id) void loadNewer(id);
  },
});

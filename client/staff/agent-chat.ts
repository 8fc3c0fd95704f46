import type { RealtimeEvent } from '../../src/events/events.ts';
import { receiptLabel, receiptStateOf, receiptTicks } from '../../src/messages/receipt-state.ts';
import type { StaffFrame } from '../../src/realtime/wire.ts';
import { agentEvents, agentIds, WORKSPACE_VIEWS } from '../../views/agent/agent-dom-ids.ts';
import { conversationMessagesId, conversationRowId, messageId, receiptsId } from '../../views/dom-ids.ts';
import { leadingCoalescer } from '../shared/coalesce.ts';
import { connectRealtime, type ErrorFrame, type RealtimeClient, socketUrl } from '../shared/realtime.ts';
import { connectionChanged, sessionEnded } from './agent-connection.ts';
import { leadChanged } from './lead-live.ts';
import { alpineComponent, htmx } from './page.ts';

/**
 * The live agent console (AGENT-1, AGENT-3): one WebSocket, the open chat followed for catch-up,
 * typing and receipts, and every change turned into an htmx refresh of server-rendered HTML.
 * Nothing user-written is ever built into HTML here.
 */
const app = () => document.querySelector<HTMLElement>('.agent-app');
const me = () => app()?.getAttribute('data-user-id');
const openChat = () => document.querySelector<HTMLElement>('.chat[data-conversation-id]');
const openId = () => openChat()?.getAttribute('data-conversation-id') ?? undefined;
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T | null;
const TYPING_IDLE_MS = 3000;
/** A quote of an original this many pages back is fetched page by page; further is refused. */
const QUOTE_PAGES_MAX = 20;
/** How long a quoted original stays highlighted (the visitor page's VIS-6 does the same). */
const HIGHLIGHT_MS = 1600;
let rt: RealtimeClient | undefined;
let followed: string | undefined;
let newerInFlight = false;
let newerAgain = false;

const inboxChanged = () => document.body.dispatchEvent(new CustomEvent(agentEvents.inboxChanged));

/**
 * Re-render the open bucket when the agent is at its top; otherwise offer a jump back. The first
 * inbox change of a quiet spell renders at once; a burst (a queue draining) renders once per
 * 300 ms (PERF-7).
 */
const refreshBucket = leadingCoalescer(renderBucket, 300);

function renderBucket(): void {
  const list = byId(agentIds.bucketList);
  if (!list) return;
  const scroller = list.closest<HTMLElement>('.inbox-scroll') ?? list;
  byId(agentIds.bucketNews)?.setAttribute('hidden', '');
  if (scroller.scrollTop > 40) {
    byId(agentIds.bucketNews)?.removeAttribute('hidden');
    return;
  }
  const bucket = byId<HTMLInputElement>(agentIds.currentBucket)?.value || 'active';
  const q = byId<HTMLInputElement>(agentIds.search)?.value || '';
  const params = new URLSearchParams({ bucket, q });
  const open = openId();
  if (open) params.set('open', open);
  void htmx().ajax('GET', `/agent/buckets?${params}`, {
    target: `#${agentIds.bucketList}`,
    swap: 'outerHTML',
  });
}

function lastRenderedSeq(): number {
  const bubbles = openChat()?.querySelectorAll('.message[data-seq]');
  const last = bubbles?.[bubbles.length - 1];
  return last ? Number(last.getAttribute('data-seq')) : 0;
}

const scrollerOf = (chat: HTMLElement) => chat.querySelector<HTMLElement>('[data-chat-scroll]');

/** Appends what arrived after the last bubble on screen (rendered by the server, in order). */
async function loadNewer(): Promise<void> {
  const id = openId();
  const chat = openChat();
  if (!id || !chat) return;
  if (newerInFlight) {
    newerAgain = true;
    return;
  }
  newerInFlight = true;
  const scroller = scrollerOf(chat);
  const atBottom = scroller ? scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80 : false;
  try {
    await htmx().ajax('GET', `/agent/conversations/${id}/messages?after=${lastRenderedSeq()}`, {
      target: `#${conversationMessagesId(id)}`,
      swap: 'beforeend',
    });
  } finally {
    newerInFlight = false;
  }
  if (atBottom && scroller) scroller.scrollTop = scroller.scrollHeight;
  markRead();
  if (newerAgain) {
    newerAgain = false;
    void loadNewer();
  }
}

function markRead(): void {
  const id = openId();
  if (id && rt && document.visibilityState === 'visible' && document.hasFocus()) rt.markRead(id);
}

/** Receipts arrive as data on a hidden span; the bubbles take their tick state from it. */
function applyReceipts(conversationId: string): void {
  const marks = byId(receiptsId(conversationId));
  if (!marks) return;
  const delivered = Number(marks.getAttribute('data-delivered-seq')) || 0;
  const read = Number(marks.getAttribute('data-read-seq')) || 0;
  for (const bubble of document.querySelectorAll('.message:not(.message-visitor)[data-seq]')) {
    const ticks = bubble.querySelector('.ticks');
    if (!ticks) continue;
    const state = receiptStateOf(Number(bubble.getAttribute('data-seq')), {
      deliveredSeq: delivered,
      readSeq: read,
    });
    bubble.classList.remove('receipt-sent', 'receipt-delivered', 'receipt-read');
    bubble.classList.add(`receipt-${state}`);
    // The mark and what a screen reader hears change together (VIS-7).
    ticks.textContent = receiptTicks[state];
    ticks.setAttribute('aria-label', receiptLabel[state]);
    ticks.setAttribute('title', receiptLabel[state]);
  }
}

function reloadPane(id: string): void {
  void htmx().ajax('GET', `/agent/conversations/${id}`, { target: `#${agentIds.chatPane}` });
}

function onEvent(event: RealtimeEvent | ErrorFrame, frame?: StaffFrame): void {
  const id = openId();
  switch (event.type) {
    case 'message.created':
      inboxChanged();
      refreshBucket();
      if (event.conversationId === id) void loadNewer();
      return;
    case 'typing.changed':
    case 'receipt.updated':
      if (frame?.content) htmx().swap({ text: frame.content, swap: 'none' });
      if (event.type === 'receipt.updated') applyReceipts(event.conversationId);
      return;
    case 'conversation.assigned':
      if (event.assigneeId === me()) {
        rt?.follow(event.conversationId);
        document.dispatchEvent(
          new CustomEvent(agentEvents.assigned, { detail: { conversationId: event.conversationId } }),
        );
      }
      inboxChanged();
      refreshBucket();
      // Moved away from this agent while open: show it again, now read-only.
      if (
        event.conversationId === id &&
        event.previousAssigneeId === me() &&
        openChat()?.getAttribute('data-writable') === '1'
      ) {
        reloadPane(id);
      }
      return;
    case 'conversation.status_changed':
    case 'conversation.closed':
    case 'inbox.changed':
    case 'conversation.created':
      inboxChanged();
      refreshBucket();
      if (id && 'conversationId' in event && event.conversationId === id) reloadPane(id);
      return;
    case 'lead.changed':
      // Only the lead's panel and stage in the open pane: the composer and the scroll stay.
      leadChanged(event);
      return;
    default:
  }
}

/** On a phone the list and the chat are two screens; wider, this changes nothing visible. */
function showScreen(view: (typeof WORKSPACE_VIEWS)[keyof typeof WORKSPACE_VIEWS]): void {
  byId(agentIds.workspace)?.setAttribute('data-view', view);
}

/** Loads the page of messages above the oldest one shown; false at the start of the chat. */
async function loadOlderPage(chat: HTMLElement): Promise<boolean> {
  const sentinel = chat.querySelector<HTMLElement>('.older-sentinel[hx-get]');
  const url = sentinel?.getAttribute('hx-get');
  if (!sentinel || !url) return false;
  sentinel.classList.add('older-sentinel-loading');
  await htmx().ajax('GET', url, { target: '.chat .older-sentinel-loading', swap: 'outerHTML' });
  return true;
}

/**
 * VIS-6 in the agent pane: a click on a reply's quote brings the original into view inside the
 * message list (the document never scrolls; the header stays where it is) and highlights it,
 * fetching older pages first when the original is further back than what is loaded.
 */
async function showQuoted(originalId: string): Promise<void> {
  const chat = openChat();
  const scroller = chat ? scrollerOf(chat) : null;
  if (!chat || !scroller) return;
  let target = byId(messageId(originalId));
  for (let page = 0; !target && page < QUOTE_PAGES_MAX; page++) {
    if (!(await loadOlderPage(chat))) break;
    // The swap keeps the reading position in the next frame (htmx:before:swap below): after it.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    target = byId(messageId(originalId));
  }
  if (!target) return;
  const box = target.getBoundingClientRect();
  const frame = scroller.getBoundingClientRect();
  // Centred, as the visitor page does; a tall original starts just below the list's top edge.
  const offset = Math.max(12, (frame.height - box.height) / 2);
  const top = scroller.scrollTop + (box.top - frame.top) - offset;
  const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
  scroller.scrollTo({ top, behavior: smooth ? 'smooth' : 'auto' });
  target.classList.remove('is-highlighted');
  void target.offsetWidth; // restart the highlight when the same quote is clicked again
  target.classList.add('is-highlighted');
  target.focus({ preventScroll: true });
  const highlighted = target;
  setTimeout(() => highlighted.classList.remove('is-highlighted'), HIGHLIGHT_MS);
}

/** A newly shown chat: follow it (typing, receipts, catch-up), scroll to the newest, mark read. */
function paneShown(): void {
  const chat = openChat();
  const id = chat?.getAttribute('data-conversation-id');
  if (!chat || !id || !rt) return;
  if (followed && followed !== id) rt.unfollow(followed);
  if (chat.getAttribute('data-writable') === '1') {
    rt.follow(id, { lastSeq: lastRenderedSeq() });
    followed = id;
  }
  showScreen(WORKSPACE_VIEWS.chat);
  const scroller = scrollerOf(chat);
  if (scroller) scroller.scrollTop = scroller.scrollHeight;
  for (const row of document.querySelectorAll('.bucket-row-link[aria-current]'))
    row.removeAttribute('aria-current');
  document.querySelector(`#${conversationRowId(id)} .bucket-row-link`)?.setAttribute('aria-current', 'true');
  markRead();
  // The read mark clears this chat's badges: refresh the tabs and the list once it is stored.
  setTimeout(() => {
    inboxChanged();
    refreshBucket();
  }, 150);
}

interface HtmxSwapEvent extends Event {
  detail?: { ctx?: { target?: HTMLElement } };
}

document.addEventListener('htmx:before:swap', (event: HtmxSwapEvent) => {
  // Older pages are inserted above: keep what the agent is reading where it is.
  const target = event.detail?.ctx?.target;
  if (target?.classList?.contains('older-sentinel')) {
    const scroller = target.closest<HTMLElement>('[data-chat-scroll]');
    if (!scroller) return;
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
    requestAnimationFrame(() => {
      scroller.scrollTop = scroller.scrollHeight - fromBottom;
    });
  }
});
document.addEventListener('htmx:after:swap', (event: HtmxSwapEvent) => {
  if (event.detail?.ctx?.target?.id === agentIds.chatPane) paneShown();
});

interface HtmxResponseEvent extends Event {
  detail?: { ctx?: { response?: { status?: number } } };
}

// A request refused for want of a session: say so (and sign in again) instead of swapping the
// error into the pane.
document.addEventListener('htmx:before:response', (event: HtmxResponseEvent) => {
  if (event.detail?.ctx?.response?.status !== 401 || !app()) return;
  event.preventDefault();
  sessionEnded();
});

document.addEventListener('click', (event) => {
  const quote = (event.target as Element | null)?.closest<HTMLElement>('.chat button[data-quote-of]');
  const original = quote?.getAttribute('data-quote-of');
  if (!original) return;
  event.preventDefault();
  void showQuoted(original);
});

document.addEventListener('DOMContentLoaded', () => {
  if (!app() || !byId(agentIds.chatPane)) return;
  rt = connectRealtime({
    url: socketUrl(),
    onEvent,
    onStatus: (status, code) => {
      document.documentElement.setAttribute('data-realtime', status);
      // Back after a drop: events sent meanwhile are not replayed, so refresh what they changed.
      if (connectionChanged(status, code)) {
        inboxChanged();
        refreshBucket();
        const id = openId();
        if (id) reloadPane(id);
      }
    },
  });
  window.agentRealtime = rt;
  window.addEventListener('focus', markRead);
  document.body.addEventListener(agentEvents.bucketRefresh, refreshBucket);
  document.addEventListener('visibilitychange', markRead);
  paneShown();
});

alpineComponent('chatPane', () => ({
  /** Phones fold the header's actions (stage, transfer, close) behind one button. */
  actionsOpen: false,
  toggleActions() {
    this.actionsOpen = !this.actionsOpen;
  },
  /** Phones: back from the chat screen to the list screen. */
  backToList() {
    showScreen(WORKSPACE_VIEWS.list);
  },
  replyTo() {
    const bubble = this.$el.closest('.message');
    const body = bubble?.querySelector('.message-body');
    if (!bubble || !body) return;
    this.$dispatch(agentEvents.composerReply, {
      id: bubble.getAttribute('data-message-id'),
      text: body.textContent,
    });
  },
}));

interface ComposerReply {
  id: string;
  text: string;
}

alpineComponent('composer', () => ({
  replyToId: '',
  replyText: '',
  error: '',
  typingTimer: undefined as ReturnType<typeof setTimeout> | undefined,
  init() {
    window.addEventListener(agentEvents.composerReply, (event) => {
      const { detail } = event as CustomEvent<ComposerReply>;
      this.replyToId = detail.id;
      this.replyText = detail.text.slice(0, 140);
      this.$root.querySelector('textarea')?.focus();
    });
  },
  cancelReply() {
    this.replyToId = '';
    this.replyText = '';
  },
  enterKey(event: KeyboardEvent) {
    if (event.shiftKey || event.isComposing) return;
    event.preventDefault();
    void this.send();
  },
  typed() {
    const id = this.$root.getAttribute('data-conversation-id');
    if (!rt || !id) return;
    if (this.typingTimer === undefined) rt.typing(id, true);
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => {
      rt?.typing(id, false);
      this.typingTimer = undefined;
    }, TYPING_IDLE_MS);
  },
  async send() {
    const textarea = this.$root.querySelector('textarea');
    const id = this.$root.getAttribute('data-conversation-id');
    const body = textarea?.value.trim();
    if (!textarea || !id || !body || !rt) return;
    this.error = '';
    const replyToId = this.replyToId || undefined;
    textarea.value = '';
    this.cancelReply();
    try {
      await rt.send(id, body, { replyToId });
    } catch (failure) {
      textarea.value = body;
      const code = (failure as { code?: string }).code;
      this.error = code === 'forbidden' ? 'You can no longer reply in this chat.' : 'Not sent. Try again.';
    }
  },
}));

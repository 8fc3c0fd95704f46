// The live agent console (AGENT-1, AGENT-3): one WebSocket (static/js/realtime-client.js), the
// open chat followed for catch-up, typing and receipts, and every change turned into an htmx
// refresh of server-rendered HTML. Nothing user-written is ever built into HTML here.
import { connectRealtime } from '/static/js/realtime-client.js';

const app = () => document.querySelector('.agent-app');
const me = () => app()?.getAttribute('data-user-id');
const openChat = () => document.querySelector('.chat[data-conversation-id]');
const openId = () => openChat()?.getAttribute('data-conversation-id');
const bucketList = () => document.getElementById('bucket-list');
const TYPING_IDLE_MS = 3000;
let rt;
let followed;
let newerInFlight = false;
let newerAgain = false;
let refreshTimer;

const inboxChanged = () => document.body.dispatchEvent(new CustomEvent('inbox:changed'));

/** Re-render the open bucket when the agent is at its top; otherwise offer a jump back. */
function refreshBucket() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    const list = bucketList();
    if (!list) return;
    const scroller = list.closest('.inbox-scroll') || list;
    document.getElementById('bucket-news')?.setAttribute('hidden', '');
    if (scroller.scrollTop > 40) {
      document.getElementById('bucket-news')?.removeAttribute('hidden');
      return;
    }
    const bucket = document.getElementById('current-bucket')?.value || 'active';
    const q = document.getElementById('inbox-search')?.value || '';
    const params = new URLSearchParams({ bucket, q });
    if (openId()) params.set('open', openId());
    window.htmx.ajax('GET', `/agent/buckets?${params}`, { target: '#bucket-list', swap: 'outerHTML' });
  }, 300);
}

function lastRenderedSeq() {
  const bubbles = openChat()?.querySelectorAll('.message[data-seq]');
  const last = bubbles?.[bubbles.length - 1];
  return last ? Number(last.getAttribute('data-seq')) : 0;
}

/** Appends what arrived after the last bubble on screen (rendered by the server, in order). */
async function loadNewer() {
  const id = openId();
  if (!id) return;
  if (newerInFlight) {
    newerAgain = true;
    return;
  }
  newerInFlight = true;
  const scroller = openChat().querySelector('[data-chat-scroll]');
  const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  try {
    await window.htmx.ajax('GET', `/agent/conversations/${id}/messages?after=${lastRenderedSeq()}`, {
      target: `#conversation-${id}-messages`,
      swap: 'beforeend',
    });
  } finally {
    newerInFlight = false;
  }
  if (atBottom) scroller.scrollTop = scroller.scrollHeight;
  markRead();
  if (newerAgain) {
    newerAgain = false;
    loadNewer();
  }
}

function markRead() {
  const id = openId();
  if (id && rt && document.visibilityState === 'visible' && document.hasFocus()) rt.markRead(id);
}

/** Receipts arrive as data on a hidden span; the bubbles take their tick state from it. */
function applyReceipts(conversationId) {
  const marks = document.getElementById(`conversation-${conversationId}-receipts`);
  if (!marks) return;
  const delivered = Number(marks.getAttribute('data-delivered-seq')) || 0;
  const read = Number(marks.getAttribute('data-read-seq')) || 0;
  for (const bubble of document.querySelectorAll('.message:not(.message-visitor)[data-seq]')) {
    const seq = Number(bubble.getAttribute('data-seq'));
    const state = seq <= read ? 'read' : seq <= delivered ? 'delivered' : 'sent';
    bubble.classList.remove('receipt-sent', 'receipt-delivered', 'receipt-read');
    bubble.classList.add(`receipt-${state}`);
    const ticks = bubble.querySelector('.ticks [aria-hidden]');
    if (ticks) ticks.textContent = state === 'sent' ? '✓' : '✓✓';
  }
}

function onEvent(event, frame) {
  const id = openId();
  switch (event.type) {
    case 'message.created':
      inboxChanged();
      refreshBucket();
      if (event.conversationId === id) loadNewer();
      return;
    case 'typing.changed':
    case 'receipt.updated':
      if (frame?.content) window.htmx.swap({ text: frame.content, swap: 'none' });
      if (event.type === 'receipt.updated') applyReceipts(event.conversationId);
      return;
    case 'conversation.assigned':
      if (event.assigneeId === me()) {
        rt.follow(event.conversationId);
        document.dispatchEvent(
          new CustomEvent('agent:assigned', { detail: { conversationId: event.conversationId } }),
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
      if ('conversationId' in event && event.conversationId === id) reloadPane(id);
      return;
    default:
  }
}

function reloadPane(id) {
  window.htmx.ajax('GET', `/agent/conversations/${id}`, { target: '#chat-pane' });
}

/** A newly shown chat: follow it (typing, receipts, catch-up), scroll to the newest, mark read. */
function paneShown() {
  const chat = openChat();
  if (!chat || !rt) return;
  const id = chat.getAttribute('data-conversation-id');
  if (followed && followed !== id) rt.unfollow(followed);
  if (chat.getAttribute('data-writable') === '1') {
    rt.follow(id, { lastSeq: lastRenderedSeq() });
    followed = id;
  }
  const scroller = chat.querySelector('[data-chat-scroll]');
  scroller.scrollTop = scroller.scrollHeight;
  for (const row of document.querySelectorAll('.bucket-row-link[aria-current]'))
    row.removeAttribute('aria-current');
  document.querySelector(`#conversation-${id} .bucket-row-link`)?.setAttribute('aria-current', 'true');
  markRead();
  // The read mark clears this chat's badges: refresh the tabs and the list once it is stored.
  setTimeout(() => {
    inboxChanged();
    refreshBucket();
  }, 150);
}

document.addEventListener('htmx:before:swap', (event) => {
  // Older pages are inserted above: keep what the agent is reading where it is.
  const target = event.detail?.ctx?.target;
  if (target?.classList?.contains('older-sentinel')) {
    const scroller = target.closest('[data-chat-scroll]');
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
    requestAnimationFrame(() => {
      scroller.scrollTop = scroller.scrollHeight - fromBottom;
    });
  }
});
document.addEventListener('htmx:after:swap', (event) => {
  if (event.detail?.ctx?.target?.id === 'chat-pane') paneShown();
});

document.addEventListener('DOMContentLoaded', () => {
  if (!app() || !document.getElementById('chat-pane')) return;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  rt = connectRealtime({
    url: `${scheme}://${location.host}/ws`,
    onEvent,
    onStatus: (status) => document.documentElement.setAttribute('data-realtime', status),
  });
  window.agentRealtime = rt;
  window.addEventListener('focus', markRead);
  document.body.addEventListener('bucket:refresh', refreshBucket);
  document.addEventListener('visibilitychange', markRead);
  paneShown();
});

document.addEventListener('alpine:init', () => {
  window.Alpine.data('chatPane', () => ({
    replyTo() {
      const bubble = this.$el.closest('.message');
      const body = bubble?.querySelector('.message-body');
      if (!bubble || !body) return;
      this.$dispatch('composer-reply', {
        id: bubble.getAttribute('data-message-id'),
        text: body.textContent,
      });
    },
  }));

  window.Alpine.data('composer', () => ({
    replyToId: '',
    replyText: '',
    error: '',
    typingTimer: undefined,
    init() {
      window.addEventListener('composer-reply', (event) => {
        this.replyToId = event.detail.id;
        this.replyText = event.detail.text.slice(0, 140);
        this.$root.querySelector('textarea')?.focus();
      });
    },
    cancelReply() {
      this.replyToId = '';
      this.replyText = '';
    },
    enterKey(event) {
      if (event.shiftKey || event.isComposing) return;
      event.preventDefault();
      this.send();
    },
    typed() {
      const id = this.$root.getAttribute('data-conversation-id');
      if (!rt) return;
      if (this.typingTimer === undefined) rt.typing(id, true);
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => {
        rt.typing(id, false);
        this.typingTimer = undefined;
      }, TYPING_IDLE_MS);
    },
    async send() {
      const textarea = this.$root.querySelector('textarea');
      const body = textarea.value.trim();
      const id = this.$root.getAttribute('data-conversation-id');
      if (!body || !rt) return;
      this.error = '';
      const replyToId = this.replyToId || undefined;
      textarea.value = '';
      this.cancelReply();
      try {
        await rt.send(id, body, { replyToId });
      } catch (failure) {
        textarea.value = body;
        this.error =
          failure?.code === 'forbidden' ? 'You can no longer reply in this chat.' : 'Not sent. Try again.';
      }
    },
  }));
});

import { agentEvents, agentIds } from '../../views/agent/agent-dom-ids.ts';
import { alpineComponent, htmx } from './page.ts';

/**
 * Agent console behaviour (AGENT-5): "(N) Agent Console" title, app-icon badge, a short Web Audio
 * ping and a system notification (through the service worker) when unread messages or assigned
 * chats go up, a click on a notification opening that chat, and the background heartbeat. The
 * server renders the numbers (#unread-total, #active-count data-count); realtime refreshes
 * replace them, and this file only reacts to what is on the page.
 */
const BASE_TITLE = 'Agent Console';
const HEARTBEAT_MS = 60 * 1000;
const ACTIVE_WITHIN_MS = 5 * 60 * 1000;
/** The console's service worker: a fixed, unbundled file (its URL is its identity to the browser). */
const SERVICE_WORKER = { url: '/static/agent/sw.js', scope: '/agent' };
let audio: AudioContext | undefined;
let lastInteraction = Date.now();
let seen = { unread: -1, active: -1 };
/** Set from the socket's conversation.assigned event (agent-chat.ts): what a "new chat" alert opens. */
let lastAssignedId: string | null = null;

const countOf = (id: string): number => Number(document.getElementById(id)?.getAttribute('data-count')) || 0;

function ping(): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.3);
  } catch {
    // No audio device or autoplay refused before any click: the badge and title still show it.
  }
}

/** The newest chat with unread messages, for the notification text and its click. */
function newestUnreadChat(): { id: string; name: string } | undefined {
  const row = document.querySelector('[data-conversation-id][data-unread]:not([data-unread="0"])');
  const id = row?.getAttribute('data-conversation-id');
  if (!row || !id) return undefined;
  return { id, name: row.querySelector('[data-visitor-name]')?.textContent ?? 'A visitor' };
}

async function notify(title: string, conversationId?: string | null): Promise<void> {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  const chat = conversationId
    ? { id: conversationId, name: 'A chat was assigned to you' }
    : newestUnreadChat();
  const registration = await navigator.serviceWorker?.ready;
  await registration?.showNotification(title, {
    body: chat ? chat.name : 'Open the Agent Console',
    tag: chat ? `chat-${chat.id}` : 'agent-console',
    data: { conversationId: chat ? chat.id : null },
  });
}

/**
 * AGENT-7: a follow-up reminder on its due date, once per lead and date, through the same ping and
 * system notification as a new chat. The server lists the agent's follow-ups due today (by its
 * clock); what was reminded is kept under the staff storage contract (storage-prune.ts).
 */
const remindedKey = () => {
  const userId = document.querySelector('[data-user-id]')?.getAttribute('data-user-id');
  return userId ? `staff:${userId}:follow-ups-reminded` : undefined;
};

function remindFollowUps(): void {
  const items = document.querySelectorAll<HTMLElement>('[data-follow-up-lead][data-due="today"]');
  const key = items.length > 0 ? remindedKey() : undefined;
  if (!key) return;
  let reminded: string[] = [];
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    if (Array.isArray(stored)) reminded = stored.filter((entry) => typeof entry === 'string');
  } catch {
    // a damaged entry: start again
  }
  const due = [...items].filter(
    (item) => !reminded.includes(`${item.dataset.followUpLead}:${item.dataset.followUpOn}`),
  );
  if (due.length === 0) return;
  for (const item of due) reminded.push(`${item.dataset.followUpLead}:${item.dataset.followUpOn}`);
  localStorage.setItem(key, JSON.stringify(reminded.slice(-500)));
  ping();
  const first = due[0];
  void notifyFollowUp(
    due.length === 1
      ? `Follow up with ${first?.dataset.followUpName ?? 'a lead'} today`
      : `${due.length} follow-ups due today`,
    due.length === 1 ? (first?.dataset.followUpChat ?? null) : null,
  );
  document.documentElement.setAttribute('data-follow-ups-reminded', String(due.length));
}

async function notifyFollowUp(body: string, conversationId: string | null): Promise<void> {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const registration = await navigator.serviceWorker?.ready;
  await registration?.showNotification('Follow-up due', {
    body,
    tag: 'follow-ups-due',
    data: { conversationId },
  });
}

function refresh(): void {
  const unread = countOf(agentIds.unreadTotal);
  const active = countOf(agentIds.activeCount);
  document.title = unread > 0 ? `(${unread}) ${BASE_TITLE}` : BASE_TITLE;
  if ('setAppBadge' in navigator) {
    (unread > 0 ? navigator.setAppBadge(unread) : navigator.clearAppBadge()).catch(() => {});
  }
  const first = seen.unread < 0;
  if (!first && active > seen.active) {
    ping();
    void notify('New chat assigned', lastAssignedId);
  } else if (!first && unread > seen.unread) {
    ping();
    void notify('New message');
  }
  seen = { unread, active };
  document.documentElement.setAttribute('data-unread-total', String(unread));
  remindFollowUps();
}

function openChat(conversationId: unknown): void {
  if (typeof conversationId !== 'string' || !conversationId || !window.htmx) return;
  void htmx().ajax('GET', `/agent/conversations/${encodeURIComponent(conversationId)}`, {
    target: `#${agentIds.chatPane}`,
  });
}

function heartbeat(): void {
  const reading = document.visibilityState === 'visible' || Date.now() - lastInteraction < ACTIVE_WITHIN_MS;
  if (!reading) return;
  fetch('/api/agent/heartbeat', { method: 'POST', credentials: 'same-origin' }).catch(() => {});
}

document.addEventListener(agentEvents.assigned, (event) => {
  lastAssignedId = (event as CustomEvent<{ conversationId: string }>).detail.conversationId;
});

document.addEventListener('DOMContentLoaded', () => {
  if (!document.querySelector('.agent-app')) return;
  refresh();
  new MutationObserver(refresh).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-count'],
  });
  for (const type of ['pointerdown', 'keydown', 'scroll']) {
    document.addEventListener(
      type,
      () => {
        lastInteraction = Date.now();
      },
      { passive: true, capture: true },
    );
  }
  // Browsers only let audio start after a gesture: unlock it on the first click.
  document.addEventListener(
    'pointerdown',
    () => {
      audio ??= new AudioContext();
      void audio.resume();
    },
    { once: true },
  );
  setInterval(heartbeat, HEARTBEAT_MS);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(SERVICE_WORKER.url, { scope: SERVICE_WORKER.scope }).catch(() => {});
    navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
      if (event.data?.type === 'open-chat') openChat(event.data.conversationId);
    });
  }
  const wanted = new URLSearchParams(location.search).get('chat');
  if (wanted) openChat(wanted);
});

alpineComponent('agentConsole', () => ({
  /** "New activity" while scrolled down: jump to the top and show the fresh first page. */
  backToTop() {
    document.querySelector('.inbox-scroll')?.scrollTo({ top: 0 });
    document.getElementById(agentIds.bucketNews)?.setAttribute('hidden', '');
    document.body.dispatchEvent(new CustomEvent(agentEvents.bucketRefresh));
  },
}));

// Permission is asked only from a click (browsers deny prompts without a gesture).
alpineComponent('agentAlerts', () => ({
  canAsk: 'Notification' in window && Notification.permission === 'default',
  async enable() {
    const result = await Notification.requestPermission();
    this.canAsk = result === 'default';
  },
}));

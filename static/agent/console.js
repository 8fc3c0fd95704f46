// Agent console behaviour (AGENT-5): "(N) Agent Console" title, app-icon badge, a short Web Audio
// ping and a system notification (through the service worker) when unread messages or assigned
// chats go up, a click on a notification opening that chat, and the background heartbeat.
// The server renders the numbers (#unread-total, #active-count data-count); realtime swaps
// replace them, and this file only reacts to what is on the page.
(() => {
  const BASE_TITLE = 'Agent Console';
  const HEARTBEAT_MS = 60 * 1000;
  const ACTIVE_WITHIN_MS = 5 * 60 * 1000;
  let audio;
  let lastInteraction = Date.now();
  let seen = { unread: -1, active: -1 };
  /** Set by chat.js from the socket's conversation.assigned event: what a "new chat" alert opens. */
  let lastAssignedId = null;

  const countOf = (id) => {
    const el = document.getElementById(id);
    return el ? Number(el.getAttribute('data-count')) || 0 : 0;
  };

  function ping() {
    try {
      audio = audio || new AudioContext();
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
  function newestUnreadChat() {
    const row = document.querySelector('[data-conversation-id][data-unread]:not([data-unread="0"])');
    if (!row) return undefined;
    const name = row.querySelector('[data-visitor-name]');
    return { id: row.getAttribute('data-conversation-id'), name: name ? name.textContent : 'A visitor' };
  }

  async function notify(title, conversationId) {
    if (!('Notification' in window) || Notification.permission !== 'granted') return;
    if (document.visibilityState === 'visible' && document.hasFocus()) return;
    const chat = conversationId
      ? { id: conversationId, name: 'A chat was assigned to you' }
      : newestUnreadChat();
    const registration = await navigator.serviceWorker?.ready;
    registration?.showNotification(title, {
      body: chat ? chat.name : 'Open the Agent Console',
      tag: chat ? `chat-${chat.id}` : 'agent-console',
      data: { conversationId: chat ? chat.id : null },
    });
  }

  function refresh() {
    const unread = countOf('unread-total');
    const active = countOf('active-count');
    document.title = unread > 0 ? `(${unread}) ${BASE_TITLE}` : BASE_TITLE;
    if ('setAppBadge' in navigator) {
      (unread > 0 ? navigator.setAppBadge(unread) : navigator.clearAppBadge()).catch(() => {});
    }
    const first = seen.unread < 0;
    if (!first && active > seen.active) {
      ping();
      notify('New chat assigned', lastAssignedId);
    } else if (!first && unread > seen.unread) {
      ping();
      notify('New message');
    }
    seen = { unread, active };
    document.documentElement.setAttribute('data-unread-total', String(unread));
  }

  function openChat(conversationId) {
    if (!conversationId || !window.htmx) return;
    window.htmx.ajax('GET', `/agent/conversations/${encodeURIComponent(conversationId)}`, {
      target: '#chat-pane',
    });
  }

  function heartbeat() {
    const reading = document.visibilityState === 'visible' || Date.now() - lastInteraction < ACTIVE_WITHIN_MS;
    if (!reading) return;
    fetch('/api/agent/heartbeat', { method: 'POST', credentials: 'same-origin' }).catch(() => {});
  }

  document.addEventListener('agent:assigned', (event) => {
    lastAssignedId = event.detail.conversationId;
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
        audio = audio || new AudioContext();
        audio.resume();
      },
      { once: true },
    );
    setInterval(heartbeat, HEARTBEAT_MS);
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/static/agent/sw.js', { scope: '/agent' }).catch(() => {});
      navigator.serviceWorker.addEventListener('message', (event) => {
        if (event.data && event.data.type === 'open-chat') openChat(event.data.conversationId);
      });
    }
    const wanted = new URLSearchParams(location.search).get('chat');
    if (wanted) openChat(wanted);
  });

  document.addEventListener('alpine:init', () => {
    window.Alpine.data('agentConsole', () => ({
      /** "New activity" while scrolled down: jump to the top and show the fresh first page. */
      backToTop() {
        document.querySelector('.inbox-scroll')?.scrollTo({ top: 0 });
        document.getElementById('bucket-news')?.setAttribute('hidden', '');
        document.body.dispatchEvent(new CustomEvent('bucket:refresh'));
      },
    }));
    // Permission is asked only from a click (browsers deny prompts without a gesture).
    window.Alpine.data('agentAlerts', () => ({
      canAsk: 'Notification' in window && Notification.permission === 'default',
      async enable() {
        const result = await Notification.requestPermission();
        this.canAsk = result === 'default';
      },
    }));
  });
})();

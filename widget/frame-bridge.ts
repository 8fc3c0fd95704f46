import {
  embedHost,
  HISTORY_SHOWN_EVENT,
  MESSAGE_SHOWN_EVENT,
  waitForTokenHandover,
} from '../client/visitor/embed-hooks.ts';
import { byId, CHAT_READY_EVENT, pageContext, storedToken, storeToken } from '../client/visitor/page.ts';
import type { HistoryPage, Message } from '../src/messages/message.ts';
import {
  envelope,
  type FrameMessage,
  type HostMessage,
  protocolMessage,
} from '../src/projects/embed-contract.ts';
import { visitorIds } from '../views/visitor/visitor-dom-ids.ts';

/**
 * The chat frame's side of the widget protocol (WID-1, WID-4, WID-6 storage rule; schema in
 * src/projects/embed-contract.ts). The host origin is the one the server checked against the project's
 * allowed origins and made this page's only frame-ancestor, so the parent is that origin: we
 * post to it exactly and accept messages only from it and from our parent window.
 */
const HANDOVER_WAIT_MS = 3000;
const STAFF: ReadonlySet<Message['senderKind']> = new Set(['agent', 'admin', 'ai']);

type HostBody<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;

function startFrameBridge(): void {
  const host = embedHost();
  if (!host || window.parent === window) return;
  const { projectId } = pageContext();
  const parent = window.parent;
  const post = (body: Parameters<typeof envelope<FrameMessage>>[0]) =>
    parent.postMessage(envelope<FrameMessage>(body), host);

  let open = false;
  let unread = 0;
  // Per conversation, the highest seq drawn: history and back-fill never count twice.
  const highest = new Map<string, number>();
  const setUnread = (count: number) => {
    unread = count;
    post({ type: 'unread', count });
  };

  let handedOver: () => void = () => undefined;
  waitForTokenHandover(
    new Promise<void>((resolve) => {
      handedOver = resolve;
      setTimeout(resolve, HANDOVER_WAIT_MS); // a host that never answers must not block the page
    }),
  );

  function init(message: HostBody<'init'>): void {
    const own = storedToken(projectId);
    // Our own (same-origin) storage wins; the host's copy covers partitioned or blocked storage.
    if (!own && typeof message.token === 'string' && message.token.length <= 100) {
      storeToken(projectId, message.token);
    }
    if (own && own !== message.token) post({ type: 'token', token: own });
    fillAttribution(message.page);
    setOpen(message.open);
    handedOver();
  }

  function setOpen(next: boolean): void {
    open = next;
    if (open && unread > 0) setUnread(0);
  }

  window.addEventListener('message', (event) => {
    if (event.source !== parent || event.origin !== host) return;
    const message = protocolMessage(event.data) as HostMessage | undefined;
    if (message?.type === 'init') init(message);
    else if (message?.type === 'visibility') setOpen(message.open === true);
  });

  document.addEventListener(CHAT_READY_EVENT, () => {
    const token = storedToken(projectId);
    if (token) post({ type: 'token', token });
  });

  document.addEventListener(HISTORY_SHOWN_EVENT, (event) => {
    const page = (event as CustomEvent<HistoryPage>).detail;
    const first = page.messages[0];
    if (!first) return;
    highest.set(first.conversationId, Math.max(highest.get(first.conversationId) ?? 0, page.lastSeq));
    const fresh = page.messages.filter(
      (m) => STAFF.has(m.senderKind) && m.seq > page.receipts.visitorReadSeq,
    ).length;
    if (!open && fresh > 0) setUnread(unread + fresh);
  });

  document.addEventListener(MESSAGE_SHOWN_EVENT, (event) => {
    const m = (event as CustomEvent<Message>).detail;
    if (m.seq <= (highest.get(m.conversationId) ?? 0)) return;
    highest.set(m.conversationId, m.seq);
    if (!open && STAFF.has(m.senderKind)) setUnread(unread + 1);
  });

  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') post({ type: 'close' });
  });

  post({ type: 'ready' });
}

/** The chat's marketing touch is the host page's (VIS-10), not this frame's own address. */
function fillAttribution(page: HostBody<'init'>['page']): void {
  const form = byId<HTMLFormElement>(visitorIds.contactForm);
  if (!form || typeof page !== 'object' || page === null) return;
  const set = (name: string, value: unknown) => {
    if (typeof value !== 'string') return;
    let input = form.elements.namedItem(name);
    if (!(input instanceof HTMLInputElement)) {
      input = Object.assign(document.createElement('input'), { type: 'hidden', name });
      form.append(input);
    }
    (input as HTMLInputElement).value = value.slice(0, 2000);
  };
  set('landing_url', page.url);
  set('referrer', page.referrer);
  set('fbp', page.fbp);
  set('fbc', page.fbc);
  set('ga', page.ga);
  set('ga_session', page.gaSession);
}

startFrameBridge();

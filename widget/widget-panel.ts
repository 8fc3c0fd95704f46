import {
  envelope,
  type FrameMessage,
  type HostMessage,
  hostStorageKeys,
  protocolMessage,
  type WidgetConfig,
} from '../src/projects/embed-contract.ts';
import type { WidgetPosition } from '../src/projects/project.ts';
import { hostCookie, hostGaSessionCookie, hostStorage, landingUrl } from './host-page.ts';
import { createShell } from './loader-shell.ts';

/** A script tag's data-* settings (README "Embedding": the attribute table). */
export interface WidgetOptions {
  project: string | undefined;
  position: WidgetPosition | undefined;
  popup: boolean | undefined;
  popupDelaySeconds: number | undefined;
  bubble: boolean;
  /** "host" (default): the visitor token is kept in this site's localStorage; "frame": never. */
  resume: 'host' | 'frame';
}

export interface Widget {
  slug: string;
  open(): void;
  /** The centred popup (WID-3): the same frame, styled as a modal. */
  openAsPopup(): void;
  close(): void;
  toggle(): void;
  unread(): number;
  /** Whether the visitor opened it on this page (the popup then never comes by itself). */
  openedHere(): boolean;
}

/**
 * One project's bubble and panel (WID-1, WID-4) around one iframe of the chat frame, which is
 * created on first open, or at once for a visitor whose chat the host page remembers (so replies
 * count while the panel is closed). The postMessage side of the protocol (schema in
 * src/projects/embed-contract.ts): exact target origin, origin and source checked.
 */
export function mountWidget(
  config: WidgetConfig,
  options: WidgetOptions,
  onUnread: (count: number) => void,
): Widget {
  const frameOrigin = new URL(config.frameUrl).origin;
  const keys = hostStorageKeys(config.projectId);
  const shell = createShell(config, options.position ?? config.position, options.bubble);
  let frame: HTMLIFrameElement | undefined;
  /** Until the frame says ready it is about:blank of this page's origin: nothing is posted to it. */
  let frameReady = false;
  let isOpen = false;
  let unread = 0;
  let openedHere = false;
  let returnFocus: Element | null = null;

  const send = (body: Parameters<typeof envelope<HostMessage>>[0]) => {
    if (frameReady) frame?.contentWindow?.postMessage(envelope<HostMessage>(body), frameOrigin);
  };

  function ensureFrame(): void {
    if (frame) return;
    frame = document.createElement('iframe');
    frame.src = config.frameUrl;
    frame.title = `Chat with ${config.title}`;
    shell.panel.append(frame);
  }

  function setUnread(count: number): void {
    unread = isOpen ? 0 : count;
    shell.badge.hidden = unread === 0;
    shell.badge.textContent = unread > 9 ? '9+' : String(unread);
    const label = isOpen ? 'Close chat' : unread > 0 ? `Open chat, ${unread} unread` : 'Open chat';
    shell.bubble.setAttribute('aria-label', label);
    onUnread(unread);
  }

  function show(modal: boolean): void {
    ensureFrame();
    openedHere = true;
    if (!isOpen) returnFocus = document.activeElement;
    isOpen = true;
    shell.root.classList.add('open');
    shell.root.classList.toggle('modal', modal);
    shell.panel.setAttribute('aria-modal', modal ? 'true' : 'false');
    shell.bubble.setAttribute('aria-expanded', 'true');
    setUnread(0);
    send({ type: 'visibility', open: true });
    frame?.focus();
  }

  function hide(): void {
    if (!isOpen) return;
    isOpen = false;
    shell.root.classList.remove('open', 'modal');
    shell.bubble.setAttribute('aria-expanded', 'false');
    setUnread(0);
    send({ type: 'visibility', open: false });
    const back = options.bubble ? shell.bubble : returnFocus;
    if (back instanceof HTMLElement) back.focus();
  }

  function init(): void {
    frameReady = true;
    send({
      type: 'init',
      token: options.resume === 'host' ? hostStorage.get(keys.token) : null,
      open: isOpen,
      page: {
        url: landingUrl(config.projectId),
        referrer: document.referrer,
        fbp: hostCookie('_fbp'),
        fbc: hostCookie('_fbc'),
        ga: hostCookie('_ga'),
        gaSession: hostGaSessionCookie(),
      },
    });
  }

  function onFrameMessage(message: FrameMessage): void {
    if (message.type === 'ready') init();
    else if (message.type === 'token' && options.resume === 'host' && typeof message.token === 'string') {
      hostStorage.set(keys.token, message.token);
    } else if (message.type === 'unread' && typeof message.count === 'number') {
      setUnread(Math.max(0, Math.floor(message.count)));
    } else if (message.type === 'close') hide();
  }

  window.addEventListener('message', (event) => {
    if (!frame || event.source !== frame.contentWindow || event.origin !== frameOrigin) return;
    const message = protocolMessage(event.data) as FrameMessage | undefined;
    if (message) onFrameMessage(message);
  });

  const toggle = () => (isOpen ? hide() : show(false));
  shell.bubble.addEventListener('click', toggle);
  shell.closeButton.addEventListener('click', hide);
  shell.backdrop.addEventListener('click', hide);
  shell.shadow.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape') hide();
  });

  if (options.resume === 'host' && hostStorage.get(keys.token)) ensureFrame();
  setUnread(0);
  return {
    slug: config.slug,
    open: () => show(false),
    openAsPopup: () => show(true),
    close: hide,
    toggle,
    unread: () => unread,
    openedHere: () => openedHere,
  };
}

import {
  envelope,
  type FrameMessage,
  GLOBAL_NAME,
  type HostMessage,
  hostStorageKeys,
  POPUP_INTERVAL_MS,
  protocolMessage,
  TRIGGER_ATTRIBUTE,
  type WidgetConfig,
} from '../src/projects/embed-contract.ts';
import { isWidgetPosition, type WidgetPosition } from '../src/projects/project.ts';
import { widgetCss } from './loader-style.ts';

/**
 * The widget loader (WID-1..5, WID-7), run on a customer's site from
 * `<script async src="…/widget/widget.js" data-project="slug">`. It asks the server whether this
 * site may show the project's chat, then draws a bubble in a shadow root; the chat itself is the
 * visitor page in an iframe on our origin (every feature of /p/{slug}, none of the host's CSS).
 * It adds one global, `window.LiveChat`, and touches nothing else of the page but its own element
 * and its project-scoped localStorage keys. docs/decisions/0029-embeddable-widget.md.
 */
interface Options {
  project: string | undefined;
  position: WidgetPosition | undefined;
  popup: boolean | undefined;
  popupDelaySeconds: number | undefined;
  bubble: boolean;
  /** "host" (default): the visitor token is kept in this site's localStorage; "frame": never. */
  resume: 'host' | 'frame';
}

interface Widget {
  slug: string;
  open(): void;
  close(): void;
  toggle(): void;
  unread(): number;
}

type UnreadListener = (count: number, project: string) => void;

/** `window.LiveChat`: the JS API for single-page sites (README "Embedding"). */
interface LiveChatApi {
  readonly version: 1;
  open(project?: string): void;
  close(project?: string): void;
  toggle(project?: string): void;
  onUnread(listener: UnreadListener): () => void;
}

interface Registry {
  widgets: Widget[];
  listeners: Set<UnreadListener>;
  warned: boolean;
}

const REGISTRY = Symbol.for('livechat.widget.registry');
type Hosted = LiveChatApi & { [REGISTRY]?: Registry };

const script = document.currentScript as HTMLScriptElement | null;

function readOptions(data: DOMStringMap): Options {
  const flag = (value: string | undefined) =>
    value === undefined ? undefined : !/^(off|false|0|no)$/i.test(value);
  const delay = Number(data.popupDelay);
  return {
    project: data.project?.trim() || undefined,
    position: data.position && isWidgetPosition(data.position) ? data.position : undefined,
    popup: flag(data.popup),
    popupDelaySeconds:
      data.popupDelay !== undefined && Number.isFinite(delay) ? Math.max(0, delay) : undefined,
    bubble: flag(data.bubble) !== false,
    resume: data.resume === 'frame' ? 'frame' : 'host',
  };
}

/** The one global: made by the first loader on the page, shared by every widget after it. */
function registry(): Registry | undefined {
  const w = window as unknown as Record<string, Hosted | undefined>;
  const existing = w[GLOBAL_NAME];
  if (existing) return existing[REGISTRY];
  const state: Registry = { widgets: [], listeners: new Set(), warned: false };
  const pick = (project?: string) =>
    project ? state.widgets.find((widget) => widget.slug === project) : state.widgets[0];
  const api: Hosted = {
    version: 1,
    open: (project) => pick(project)?.open(),
    close: (project) => pick(project)?.close(),
    toggle: (project) => pick(project)?.toggle(),
    onUnread(listener) {
      state.listeners.add(listener);
      for (const widget of state.widgets) listener(widget.unread(), widget.slug);
      return () => void state.listeners.delete(listener);
    },
  };
  Object.defineProperty(api, REGISTRY, { value: state });
  w[GLOBAL_NAME] = Object.freeze(api);
  return state;
}

function warnOnce(state: Registry | undefined, message: string): void {
  if (state?.warned) return;
  if (state) state.warned = true;
  // biome-ignore lint/suspicious/noConsole: WID-5 says once, in the host's console, why there is no chat.
  console.warn(`[LiveChat] ${message}`);
}

/** localStorage of the host site, or nothing where it is refused (the widget still works). */
const storage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): boolean {
    try {
      localStorage.setItem(key, value);
      return true;
    } catch {
      return false;
    }
  },
};

const SVG = 'http://www.w3.org/2000/svg';
function icon(className: string, path: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', className);
  const shape = document.createElementNS(SVG, 'path');
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}
const CHAT_ICON =
  'M12 3C6.5 3 2 6.8 2 11.5c0 2.4 1.2 4.6 3.1 6.1-.2 1.3-.8 2.6-1.8 3.6 2 .1 3.9-.6 5.3-1.7 1.1.3 2.2.5 3.4.5 5.5 0 10-3.8 10-8.5S17.5 3 12 3z';
const CLOSE_ICON =
  'M6.4 5 5 6.4l5.6 5.6L5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z';
const DOWN_ICON = 'M6.4 8.6 5 10l7 7 7-7-1.4-1.4-5.6 5.6z';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

function adoptStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style'); // browsers before constructable stylesheets
    style.textContent = css;
    root.append(style);
  }
}

/** A first-party cookie of the host site (Meta's `_fbp` / `_fbc`), for the chat's touch. */
function cookie(name: string): string | null {
  const found = document.cookie.split('; ').find((pair) => pair.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : null;
}

/** The first page of this visit: its UTM and click ids are the chat's touch (VIS-10). */
function landingUrl(projectId: string): string {
  const key = `livechat:${projectId}:landing`;
  try {
    const kept = sessionStorage.getItem(key);
    if (kept) return kept;
    sessionStorage.setItem(key, location.href);
  } catch {
    // no session storage: this page is the touch
  }
  return location.href;
}

function mount(config: WidgetConfig, options: Options, state: Registry | undefined): Widget {
  const frameOrigin = new URL(config.frameUrl).origin;
  const keys = hostStorageKeys(config.projectId);
  const host = document.createElement('livechat-widget');
  const shadow = host.attachShadow({ mode: 'open' });
  adoptStyles(shadow, widgetCss(config.accentColor, options.position ?? config.position));

  const root = el('div', options.bubble ? 'root' : 'root no-bubble');
  const bubble = el('button', 'bubble');
  bubble.type = 'button';
  bubble.setAttribute('aria-expanded', 'false');
  const badge = el('span', 'badge');
  badge.hidden = true;
  badge.setAttribute('aria-hidden', 'true');
  bubble.append(icon('chat', CHAT_ICON), icon('shut', DOWN_ICON), badge);
  const backdrop = el('div', 'backdrop');
  const panel = el('div', 'panel');
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', `Chat with ${config.title}`);
  const bar = el('div', 'bar');
  const title = el('span', 'title');
  title.textContent = config.title;
  const closeButton = el('button', 'close');
  closeButton.type = 'button';
  closeButton.setAttribute('aria-label', 'Close chat');
  closeButton.append(icon('', CLOSE_ICON));
  bar.append(title, closeButton);
  panel.append(bar);
  root.append(bubble, backdrop, panel);
  shadow.append(root);
  (document.documentElement ?? document.body).append(host);

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
    panel.append(frame);
  }

  function setUnread(count: number): void {
    unread = isOpen ? 0 : count;
    badge.hidden = unread === 0;
    badge.textContent = unread > 9 ? '9+' : String(unread);
    bubble.setAttribute(
      'aria-label',
      isOpen ? 'Close chat' : unread > 0 ? `Open chat, ${unread} unread` : 'Open chat',
    );
    for (const listener of state?.listeners ?? []) listener(unread, config.slug);
  }

  function show(modal: boolean): void {
    ensureFrame();
    openedHere = true;
    if (!isOpen) returnFocus = document.activeElement;
    isOpen = true;
    root.classList.add('open');
    root.classList.toggle('modal', modal);
    panel.setAttribute('aria-modal', modal ? 'true' : 'false');
    bubble.setAttribute('aria-expanded', 'true');
    setUnread(0);
    send({ type: 'visibility', open: true });
    frame?.focus();
  }

  function hide(): void {
    if (!isOpen) return;
    isOpen = false;
    root.classList.remove('open', 'modal');
    bubble.setAttribute('aria-expanded', 'false');
    setUnread(0);
    send({ type: 'visibility', open: false });
    const back = options.bubble ? bubble : returnFocus;
    if (back instanceof HTMLElement) back.focus();
  }

  function onFrameMessage(message: FrameMessage): void {
    if (message.type === 'ready') {
      frameReady = true;
      const token = options.resume === 'host' ? storage.get(keys.token) : null;
      send({
        type: 'init',
        token,
        open: isOpen,
        page: {
          url: landingUrl(config.projectId),
          referrer: document.referrer,
          fbp: cookie('_fbp'),
          fbc: cookie('_fbc'),
        },
      });
    } else if (message.type === 'token' && options.resume === 'host' && typeof message.token === 'string') {
      storage.set(keys.token, message.token);
    } else if (message.type === 'unread' && typeof message.count === 'number') {
      setUnread(Math.max(0, Math.floor(message.count)));
    } else if (message.type === 'close') {
      hide();
    }
  }

  window.addEventListener('message', (event) => {
    if (!frame || event.source !== frame.contentWindow || event.origin !== frameOrigin) return;
    const message = protocolMessage(event.data) as FrameMessage | undefined;
    if (message) onFrameMessage(message);
  });

  const toggle = () => (isOpen ? hide() : show(false));
  bubble.addEventListener('click', toggle);
  closeButton.addEventListener('click', hide);
  backdrop.addEventListener('click', hide);
  shadow.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape') hide();
  });

  const widget: Widget = {
    slug: config.slug,
    open: () => show(false),
    close: hide,
    toggle,
    unread: () => unread,
  };

  // WID-2: any element with data-cp-open, now or added later (one delegated listener).
  document.addEventListener(
    'click',
    (event) => {
      // composedPath: a trigger inside the site's own web components (shadow roots) counts too.
      const target = event
        .composedPath()
        .find((node): node is Element => node instanceof Element && node.hasAttribute(TRIGGER_ATTRIBUTE));
      if (!target) return;
      const wanted = target.getAttribute(TRIGGER_ATTRIBUTE) ?? '';
      const mine = wanted === config.slug || (wanted === '' && state?.widgets[0] === widget);
      if (!mine) return;
      event.preventDefault();
      show(false);
    },
    true,
  );

  // WID-3: at most once per POPUP_INTERVAL_MS per browser and project; closed stays closed.
  const popup = options.popup ?? config.popup.enabled;
  const last = Number(storage.get(keys.popup) ?? 0);
  if (popup && !(Date.now() - last < POPUP_INTERVAL_MS)) {
    const delay = options.popupDelaySeconds ?? config.popup.delaySeconds;
    setTimeout(() => {
      if (openedHere || !storage.set(keys.popup, String(Date.now()))) return;
      show(true);
    }, delay * 1000);
  }

  // WID-4 across pages: a visitor with a chat gets the frame at once, so replies count while closed.
  if (options.resume === 'host' && storage.get(keys.token)) ensureFrame();
  setUnread(0);
  return widget;
}

async function start(): Promise<void> {
  if (!script?.src) return;
  const options = readOptions(script.dataset);
  const state = registry();
  if (!state) {
    warnOnce(state, `window.${GLOBAL_NAME} is already taken on this page: the chat widget cannot start.`);
    return;
  }
  if (options.project && state.widgets.some((widget) => widget.slug === options.project)) return;
  const url = new URL('/widget/config', script.src);
  if (options.project) url.searchParams.set('project', options.project);
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit' });
  } catch {
    return warnOnce(state, `could not reach ${url.origin}; the chat is not shown.`);
  }
  if (response.status === 403) {
    return warnOnce(
      state,
      `${location.origin} is not an allowed origin of project "${options.project ?? 'default'}": ` +
        'the chat is not shown. Add it under Projects → Allowed embed origins.',
    );
  }
  if (!response.ok) {
    return warnOnce(state, `project "${options.project ?? 'default'}" was not found; the chat is not shown.`);
  }
  const config = (await response.json()) as WidgetConfig;
  if (state.widgets.some((widget) => widget.slug === config.slug)) return;
  state.widgets.push(mount(config, options, state));
}

void start();

import {
  GLOBAL_NAME,
  hostStorageKeys,
  POPUP_INTERVAL_MS,
  TRIGGER_ATTRIBUTE,
  type WidgetConfig,
} from '../src/projects/embed-contract.ts';
import { isWidgetPosition } from '../src/projects/project.ts';
import { hostStorage } from './host-page.ts';
import { mountWidget, type Widget, type WidgetOptions } from './widget-panel.ts';

/**
 * The widget loader (WID-1..5, WID-7), run on a customer's site from
 * `<script async src="…/widget/widget.js" data-project="slug">`. It asks the server whether this
 * site may show the project's chat, then draws a bubble in a shadow root; the chat itself is the
 * visitor page in an iframe on our origin (every feature of /p/{slug}, none of the host's CSS).
 * It adds one global, `window.LiveChat`, and touches nothing else of the page but its own element
 * and its project-scoped localStorage keys. docs/decisions/0029-embeddable-widget.md.
 */
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

function readOptions(data: DOMStringMap): WidgetOptions {
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

/** WID-2: any element with data-cp-open, now or added later: one delegated listener per widget. */
function listenForTriggers(widget: Widget, isFirst: () => boolean): void {
  document.addEventListener(
    'click',
    (event) => {
      // composedPath: a trigger inside the site's own web components (shadow roots) counts too.
      const target = event
        .composedPath()
        .find((node): node is Element => node instanceof Element && node.hasAttribute(TRIGGER_ATTRIBUTE));
      const wanted = target?.getAttribute(TRIGGER_ATTRIBUTE);
      if (wanted === undefined || wanted === null) return;
      if (wanted !== widget.slug && !(wanted === '' && isFirst())) return;
      event.preventDefault();
      widget.open();
    },
    true,
  );
}

/**
 * WID-3: the popup at most once per POPUP_INTERVAL_MS per browser and project (the key says when
 * it last showed); never when the visitor opened the chat here first, never where storage is
 * refused (it could not keep count), and a closed popup stays closed (this runs once per page).
 */
function schedulePopup(widget: Widget, config: WidgetConfig, options: WidgetOptions): void {
  if (!(options.popup ?? config.popup.enabled)) return;
  const key = hostStorageKeys(config.projectId).popup;
  if (Date.now() - Number(hostStorage.get(key) ?? 0) < POPUP_INTERVAL_MS) return;
  const delay = options.popupDelaySeconds ?? config.popup.delaySeconds;
  setTimeout(() => {
    if (widget.openedHere() || !hostStorage.set(key, String(Date.now()))) return;
    widget.openAsPopup();
  }, delay * 1000);
}

function mount(config: WidgetConfig, options: WidgetOptions, state: Registry): Widget {
  const widget = mountWidget(config, options, (count) => {
    for (const listener of state.listeners) listener(count, config.slug);
  });
  listenForTriggers(widget, () => state.widgets[0] === widget);
  schedulePopup(widget, config, options);
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

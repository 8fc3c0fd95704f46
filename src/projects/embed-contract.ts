import type { WidgetPosition } from './project.ts';

/**
 * The embeddable widget's contracts (WID-1..5, docs/decisions/0029-embeddable-widget.md), shared
 * by the server (config route, embed page) and the browser code in widget/: the loader's config,
 * the postMessage schema between the host page and the chat frame, and the host-side storage keys.
 * Pure: types, constants and tiny builders only, so nothing here weighs on the loader's budget.
 */

/** What `GET /widget/config` answers a host page whose origin the project allows. */
export interface WidgetConfig {
  projectId: string;
  slug: string;
  title: string;
  accentColor: string;
  position: WidgetPosition;
  popup: { enabled: boolean; delaySeconds: number };
  /** The chat frame for this host: `/embed/{slug}?host={origin}` on our public address. */
  frameUrl: string;
}

/** The embedded visitor page: no page header, framable by exactly `host` (one allowed origin). */
export const EMBED_PREFIX = '/embed/';
export const isEmbedPath = (path: string): boolean => path.startsWith(EMBED_PREFIX);
export const embedPath = (slug: string, host: string): string =>
  `${EMBED_PREFIX}${encodeURIComponent(slug)}?${new URLSearchParams({ host })}`;

/** Every message of the protocol carries this tag and version; anything else is ignored. */
export const PROTOCOL = 'livechat-widget';
export const PROTOCOL_VERSION = 1;

interface Envelope {
  protocol: typeof PROTOCOL;
  v: typeof PROTOCOL_VERSION;
}

/**
 * Frame → host page, posted to the exact host origin the server checked (the `host` parameter,
 * also the frame's only frame-ancestor):
 * - `ready`: the frame's scripts run; the host answers with `init`.
 * - `token`: a chat started or resumed with this visitor token; the host keeps it (storage rule).
 * - `unread`: staff messages the visitor has not seen while the panel is closed (WID-4).
 * - `close`: the visitor pressed Escape inside the frame.
 */
export type FrameMessage = Envelope &
  (
    | { type: 'ready' }
    | { type: 'token'; token: string }
    | { type: 'unread'; count: number }
    | { type: 'close' }
  );

/**
 * Host page → frame, posted to the frame's exact origin:
 * - `init`: the visitor token the host kept for this project (or null), whether the panel is open,
 *   and the host page's address, referrer and `_fbp`/`_fbc`/`_ga` cookies (the chat's touch, VIS-10).
 * - `visibility`: the panel opened or closed (opening resets the unread count).
 */
export type HostMessage = Envelope &
  (
    | { type: 'init'; token: string | null; open: boolean; page: HostPageTouch }
    | { type: 'visibility'; open: boolean }
  );

/**
 * The host page's marketing touch (VIS-10, TRACK-1): its address, referrer, Meta's first-party
 * cookies and GA4's (`_ga`, and the first `_ga_<stream>`). The GA ones are optional: a loader
 * cached from before them still speaks the same protocol version.
 */
export interface HostPageTouch {
  url: string;
  referrer: string;
  fbp: string | null;
  fbc: string | null;
  ga?: string | null;
  gaSession?: string | null;
}

type Body<M> = M extends Envelope ? Omit<M, keyof Envelope> : never;

export const envelope = <M extends FrameMessage | HostMessage>(body: Body<M>): M =>
  ({ protocol: PROTOCOL, v: PROTOCOL_VERSION, ...body }) as unknown as M;

/** The data of a message event when it speaks our protocol; callers check origin and source first. */
export function protocolMessage(data: unknown): (Envelope & { type: string }) | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Partial<Envelope> & { type?: unknown };
  return message.protocol === PROTOCOL && message.v === PROTOCOL_VERSION && typeof message.type === 'string'
    ? (message as Envelope & { type: string })
    : undefined;
}

/** The auto-popup shows at most once per browser in this window, per project (WID-3). */
export const POPUP_INTERVAL_MS = 7 * 60 * 60 * 1000;

/**
 * Keys in the host site's own (first-party) localStorage, scoped by project id so two projects on
 * one site never share them. Documented in the README ("Embedding"): a site owner may clear them.
 * - token: the visitor token handed over by the frame (resume where third-party storage is
 *   partitioned or wiped); absent with `data-resume="frame"`.
 * - popup: when the auto-popup last showed, as epoch milliseconds.
 */
export const hostStorageKeys = (projectId: string) => ({
  token: `livechat:${projectId}:token`,
  popup: `livechat:${projectId}:popup`,
});

/** The one global the loader adds to a host page (WID-7). */
export const GLOBAL_NAME = 'LiveChat';

/** Attribute that makes any element, present or added later, open the panel (WID-2). */
export const TRIGGER_ATTRIBUTE = 'data-cp-open';

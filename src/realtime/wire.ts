import type { RealtimeEvent, VisitorEvent } from '../events/events.ts';
import type { Message } from '../messages/message.ts';

/**
 * The JSON spoken on `/ws`, as types and constants that the server, the tests and the browser
 * client (client/shared/realtime.ts) share. No code runs here, so the browser bundles stay small;
 * the server validates what it receives with wire-schemas.ts, whose schemas are checked against
 * these types at compile time.
 */
export const WS_PATH = '/ws';

/**
 * A socket opened before its chat (`?project=<id>&bind=<key>`, SOCKET_BIND_PARAM in
 * visitors/visitor-token.ts, ADR 0051) only pings until the chat start binds it; a join is
 * answered with this error (the bind went astray: reconnect with the token).
 */
export const NOT_BOUND_ERROR = 'not_bound';
/**
 * Unbound sockets one address may hold on one instance: enough for the visitors a mobile
 * carrier's NAT puts behind one address; one refused still starts its chat, on a token socket.
 */
export const PENDING_SOCKETS_PER_ADDRESS = 50;

/** Frames larger than this are refused (`frame_too_large`), before they are parsed. */
export const MAX_FRAME_BYTES = 16 * 1024;

/**
 * Close code for a staff socket whose session was revoked or expired, whose user was disabled or
 * deleted: the client must not reconnect (it would only be refused), but sign in again.
 */
export const SESSION_ENDED_CLOSE = 4001;

/** What a client may send. */
export type ClientFrame =
  /** Follow a conversation; with afterSeq the server answers with a catch-up of later messages. */
  | { type: 'join'; conversationId: string; afterSeq?: number | undefined }
  | { type: 'leave'; conversationId: string }
  | {
      type: 'send';
      conversationId: string;
      clientMessageId: string;
      body: string;
      replyToId?: string | undefined;
    }
  | { type: 'typing'; conversationId: string; typing: boolean }
  | { type: 'delivered'; conversationId: string; seq: number }
  | { type: 'read'; conversationId: string; seq: number }
  | { type: 'ping' };

/** Replies to one socket (both audiences): acks, catch-up, errors. */
export type ControlFrame =
  | { type: 'hello'; kind: 'visitor' | 'staff'; connectionId: string }
  | { type: 'joined'; conversationId: string; lastSeq: number; messages: Message[] }
  | { type: 'ack'; clientMessageId: string; message: Message }
  | { type: 'error'; code: string; clientMessageId?: string | undefined; field?: string | undefined }
  | { type: 'pong' }
  /**
   * This instance may have missed events (Redis was away): the client joins every conversation it
   * follows again with its last seq, and the catch-up answers fill the gap (ADR 0044).
   */
  | { type: 'resync' };

/** Everything a visitor socket receives. */
export type VisitorServerFrame = VisitorEvent | ControlFrame;

/**
 * An event as staff sockets receive it: the event, and for the few the agent pane swaps in place
 * (the visitor's typing and receipts) `content`, out-of-band HTML the htmx ws extension swaps.
 */
export interface StaffFrame {
  type: RealtimeEvent['type'];
  event: RealtimeEvent;
  content?: string;
  swap?: 'none';
}

/** Everything a staff socket receives. */
export type StaffServerFrame = StaffFrame | ControlFrame;

/**
 * Close code (1012, "service restart") for every socket of an instance that is shutting down: the
 * client reconnects (through the load balancer, to an instance that is up) and catches up by seq.
 */
export const SERVER_RESTART_CLOSE = 1012;

/**
 * Error code of a send refused because the database is locked or unreachable (nothing stored):
 * the client keeps the send and tries it again a few times with backoff (issue 21 item 4).
 */
export const UNAVAILABLE_ERROR = 'unavailable';

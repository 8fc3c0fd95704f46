import type { WebSocketHandler } from 'bun';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import type { Deps } from '../deps.ts';
import { topics } from '../events/topics.ts';
import { findConversationState } from '../messages/conversation-state.queries.ts';
import { listMessagesAfterSeq } from '../messages/messages.queries.ts';
import { sendMessage } from '../messages/messages.service.ts';
import { acknowledgeMessages } from '../messages/receipts.service.ts';
import { takeRateLimit } from '../security/rate-limit.service.ts';
import { type InFlight, inFlight } from '../shared/in-flight.ts';
import { sendVisitorMessage } from '../visitors/visitor-messages.service.ts';
import { canWatch, senderKindOf, watchesAllConversations, writeGuardOf } from './access.ts';
import type { Hub, Socket, SocketData } from './hub.ts';
import { trackPresence } from './presence-tracking.ts';
import { listAssignedOpenConversationIds } from './realtime.queries.ts';
import type { Timers } from './timers.ts';
import { typingTracker } from './typing.ts';
import {
  type ClientFrame,
  type ControlFrame,
  MAX_FRAME_BYTES,
  NOT_BOUND_ERROR,
  UNAVAILABLE_ERROR,
} from './wire.ts';
import { clientFrameSchema } from './wire-schemas.ts';

type SocketDeps = Pick<
  Deps,
  | 'db'
  | 'clock'
  | 'ids'
  | 'publisher'
  | 'presence'
  | 'log'
  | 'counters'
  | 'blocks'
  | 'messageWriter'
  | 'aiAgent'
>;

/**
 * Visitor sends (SEC-8), counted per visitor and address: a person types far slower, and visitors
 * sharing one address (an office, a mobile carrier's NAT) do not eat each other's allowance. New
 * visitors come only through the rate-limited chat start; going over is a strike on the address.
 */
export const VISITOR_SEND_LIMIT = { limit: 120, windowMs: 60_000 } as const;

const reply = (ws: Socket, frame: ControlFrame): void => void ws.send(JSON.stringify(frame));

function parseFrame(raw: string | Buffer): { frame: ClientFrame } | { error: ControlFrame } {
  if (typeof raw !== 'string') return { error: { type: 'error', code: 'binary_not_supported' } };
  if (raw.length > MAX_FRAME_BYTES) return { error: { type: 'error', code: 'frame_too_large' } };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { error: { type: 'error', code: 'bad_json' } };
  }
  const parsed = clientFrameSchema.safeParse(json);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || undefined;
    return { error: { type: 'error', code: 'bad_frame', ...(field ? { field } : {}) } };
  }
  return { frame: parsed.data };
}

async function join(deps: SocketDeps, ws: Socket, conversationId: string, afterSeq?: number): Promise<void> {
  const { actor } = ws.data;
  // The chat start's bind never reached this socket (ADR 0051): the page reconnects with its token.
  if (actor.kind === 'pending') return reply(ws, { type: 'error', code: NOT_BOUND_ERROR });
  const state = await findConversationState(deps.db, conversationId);
  if (!state || !canWatch(actor, state)) return; // RT-1: unauthorised joins are silently ignored
  if (actor.kind === 'visitor') ws.subscribe(topics.visitor(conversationId));
  else if (!watchesAllConversations(actor.role)) ws.subscribe(topics.conversation(conversationId));
  if (!ws.data.joined.has(conversationId)) {
    ws.data.joined.add(conversationId);
    if (actor.kind === 'visitor') await trackPresence(deps, ws, 'connect', conversationId);
  }
  // Subscribed before reading: anything sent meanwhile arrives live or in this catch-up (client dedupes).
  const messages =
    afterSeq === undefined ? [] : await listMessagesAfterSeq(deps.db, conversationId, afterSeq);
  const lastSeq = messages.at(-1)?.seq ?? state.lastSeq;
  reply(ws, { type: 'joined', conversationId, lastSeq: Math.max(lastSeq, state.lastSeq), messages });
}

async function leave(deps: SocketDeps, ws: Socket, conversationId: string): Promise<void> {
  if (!ws.data.joined.delete(conversationId)) return;
  ws.data.typing?.stop(conversationId);
  const { actor } = ws.data;
  if (actor.kind === 'visitor') {
    ws.unsubscribe(topics.visitor(conversationId));
    await trackPresence(deps, ws, 'disconnect', conversationId);
  }
}

/**
 * Typing and acknowledgements need no read: the socket joined after an authorisation check, and
 * an agent's join is dropped when the conversation is reassigned (hub.ts). Sends are checked
 * again inside their atomic write (writeGuardOf). QA has no write guard: always refused.
 */
const mayWrite = (ws: Socket, conversationId: string): boolean =>
  ws.data.joined.has(conversationId) && writeGuardOf(ws.data.actor) !== undefined;

async function dispatch(deps: SocketDeps, ws: Socket, frame: ClientFrame): Promise<void> {
  const { actor } = ws.data;
  switch (frame.type) {
    case 'ping':
      return reply(ws, { type: 'pong' });
    case 'join':
      return join(deps, ws, frame.conversationId, frame.afterSeq);
    case 'leave':
      return leave(deps, ws, frame.conversationId);
    case 'send': {
      const { clientMessageId, conversationId } = frame;
      const guard = writeGuardOf(actor);
      if (!guard || actor.kind === 'pending') {
        return reply(ws, { type: 'error', code: 'forbidden', clientMessageId });
      }
      if (actor.kind === 'visitor') {
        const limited = await takeRateLimit(deps, ws.data.ip, {
          ...VISITOR_SEND_LIMIT,
          rule: `message_send:${actor.visitorId}`,
        });
        if (!limited.allowed) return reply(ws, { type: 'error', code: 'rate_limited', clientMessageId });
      }
      const message = {
        conversationId,
        clientMessageId,
        body: frame.body,
        replyToId: frame.replyToId ?? null,
      };
      const result =
        actor.kind === 'visitor'
          ? await sendVisitorMessage(deps, { ...message, visitorId: actor.visitorId })
          : await sendMessage(deps, {
              ...message,
              guard,
              senderKind: senderKindOf(actor),
              senderUserId: actor.userId,
              senderName: actor.name,
            });
      ws.data.typing?.stop(conversationId);
      if (!result.ok) return reply(ws, { type: 'error', code: result.code, clientMessageId });
      // Corked, the message's own event on this socket's topic leaves in the same write (PERF-3).
      const ack: ControlFrame = { type: 'ack', clientMessageId, message: result.value.message };
      return ws.cork(() => reply(ws, ack));
    }
    case 'typing':
      if (!mayWrite(ws, frame.conversationId)) return reply(ws, { type: 'error', code: 'forbidden' });
      return ws.data.typing?.update(frame.conversationId, frame.typing);
    case 'delivered':
    case 'read': {
      if (!mayWrite(ws, frame.conversationId)) return reply(ws, { type: 'error', code: 'forbidden' });
      const side = actor.kind === 'visitor' ? 'visitor' : 'staff';
      await acknowledgeMessages(deps, {
        conversationId: frame.conversationId,
        side,
        kind: frame.type,
        seq: frame.seq,
      });
      return;
    }
  }
}

/**
 * Bun's WebSocket handlers for `/ws` (STYLE 2.6): `open` subscribes only to what the identity may
 * see, `message` validates then calls the same services as HTTP, and nothing here ever throws.
 * Bad frames get an error frame; the connection stays up.
 */
export function socketHandlers(
  deps: SocketDeps,
  hub: Hub,
  timers: Timers,
  work: InFlight = inFlight(),
): WebSocketHandler<SocketData> {
  hub.onBind((ws, event) => {
    const { actor } = ws.data;
    const mayBind =
      actor.kind === 'pending'
        ? actor.projectId === event.projectId
        : actor.kind === 'visitor' && actor.visitorId === event.visitorId;
    if (!mayBind) return false;
    ws.data.actor = { kind: 'visitor', visitorId: event.visitorId, projectId: event.projectId };
    // In line with the socket's own joins: a join the page sends next finds this one applied.
    const bound = ws.data.membership.then(() => join(deps, ws, event.conversationId));
    ws.data.membership = bound.catch((error: unknown) => {
      deps.log.warn('realtime.bind_failed', { connectionId: ws.data.connectionId, error });
    });
    void work.track(ws.data.membership);
    return true;
  });

  async function open(ws: Socket): Promise<void> {
    hub.register(ws);
    const { actor } = ws.data;
    // The socket's actor, read at each change: a pending socket is a visitor once bound.
    ws.data.typing = typingTracker(deps.clock, timers, (conversationId, typing) => {
      const typist = ws.data.actor;
      deps.publisher.publish({
        type: 'typing.changed',
        conversationId,
        side: typist.kind === 'staff' ? 'staff' : 'visitor',
        typing,
        ...(typist.kind === 'staff' ? { name: typist.name } : {}),
      });
    });
    const kind = actor.kind === 'staff' ? 'staff' : 'visitor';
    reply(ws, { type: 'hello', kind, connectionId: ws.data.connectionId });
    if (actor.kind !== 'staff') return;
    try {
      if (watchesAllConversations(actor.role)) ws.subscribe(topics.staff());
      ws.subscribe(topics.agentInbox(actor.userId));
      if (actor.role === 'agent') {
        for (const id of await listAssignedOpenConversationIds(deps.db, actor.userId)) {
          ws.subscribe(topics.conversation(id));
        }
      }
      await trackPresence(deps, ws, 'connect');
    } catch (error) {
      deps.log.error('realtime.open_failed', { connectionId: ws.data.connectionId, error });
    }
  }

  return tracked(work, {
    maxPayloadLength: 64 * 1024,
    idleTimeout: 120,
    async open(ws) {
      // A close that comes while this is still running waits for it (see close).
      const opened = open(ws);
      ws.data.membership = opened;
      await opened;
    },
    async message(ws, raw) {
      const parsed = parseFrame(raw);
      if ('error' in parsed) return reply(ws, parsed.error);
      const { frame } = parsed;
      const handled = ws.data.membership.then(async () => {
        try {
          await dispatch(deps, ws, frame);
        } catch (error) {
          const unavailable = isDatabaseUnavailable(error);
          deps.log[unavailable ? 'warn' : 'error'](
            unavailable ? 'realtime.database_unavailable' : 'realtime.frame_failed',
            { connectionId: ws.data.connectionId, type: frame.type, error },
          );
          // Nothing was stored or acknowledged: the client keeps the send and tries it again.
          const clientMessageId = frame.type === 'send' ? frame.clientMessageId : undefined;
          if (ws.readyState === WebSocket.OPEN) {
            reply(ws, { type: 'error', code: unavailable ? UNAVAILABLE_ERROR : 'internal', clientMessageId });
          }
        }
      });
      // Joins and leaves apply in order; every other frame only waits for those sent before it.
      if (frame.type === 'join' || frame.type === 'leave') ws.data.membership = handled;
      await handled;
    },
    async close(ws) {
      hub.unregister(ws);
      ws.data.typing?.stop();
      try {
        // The open's presence connect and any join still running go first: a disconnect done
        // before them would leave their connection recorded, online for as long as this
        // instance beats (socket chaos, docs/reliability.md).
        await ws.data.membership;
        for (const conversationId of ws.data.joined) {
          if (ws.data.actor.kind === 'visitor') await trackPresence(deps, ws, 'disconnect', conversationId);
        }
        if (ws.data.actor.kind === 'staff') await trackPresence(deps, ws, 'disconnect');
      } catch (error) {
        deps.log.error('realtime.close_failed', { connectionId: ws.data.connectionId, error });
      }
    },
  });
}

/**
 * Bun does not await its socket handlers; `work` does, so a shutdown can wait for every open,
 * frame and close (presence and routing work) to finish before the database and Redis go away.
 */
function tracked(
  work: InFlight,
  handlers: Omit<WebSocketHandler<SocketData>, 'open' | 'message' | 'close'> & {
    open(ws: Socket): Promise<void>;
    message(ws: Socket, raw: string | Buffer): Promise<void>;
    close(ws: Socket, code: number, reason: string): Promise<void>;
  },
): WebSocketHandler<SocketData> {
  return {
    ...handlers,
    open: (ws) => work.track(handlers.open(ws)),
    message: (ws, raw) => work.track(handlers.message(ws, raw)),
    close: (ws, code, reason) => work.track(handlers.close(ws, code, reason)),
  };
}

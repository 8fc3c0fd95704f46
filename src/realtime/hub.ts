import type { Server, ServerWebSocket } from 'bun';
import { deliveriesOf } from '../events/audience.ts';
import type { EventOf, RealtimeEvent } from '../events/events.ts';
import type { Publisher } from '../events/publisher.ts';
import { isVisitorTopic, topics } from '../events/topics.ts';
import type { Actor } from './access.ts';
import { renderStaffFrame } from './fragments.tsx';
import type { TypingTracker } from './typing.ts';
import { type ControlFrame, SESSION_ENDED_CLOSE } from './wire.ts';

/** What every socket carries (`ws.data`), set by the upgrade; a bind turns `pending` into `visitor`. */
export interface SocketData {
  connectionId: string;
  /** The client address (trusted-proxy aware), for rate limits on visitor sends. */
  ip: string;
  actor: Actor;
  /** The staff session behind the socket: when it ends, the socket is dropped. */
  sessionId: string | null;
  /**
   * The hash of the key a visitor page opened its socket with, until a chat start binds the
   * socket (`socket.bound`, ADR 0051); null once bound, and for staff.
   */
  bindHash: string | null;
  /** Conversations this socket joined after authorisation. */
  joined: Set<string>;
  /**
   * The last join or leave this socket asked for, settled when it is applied. Later frames wait
   * for it: a client may send `join` and, at once, write to that conversation.
   */
  membership: Promise<void>;
  typing: TypingTracker | null;
}

export type Socket = ServerWebSocket<SocketData>;

/**
 * This instance's sockets and its Bun topics. `deliver` sends an event to the topics the audience
 * table picks (src/events/audience.ts), rendered once per form (JSON for visitor topics, a staff
 * frame otherwise), through Bun's pub/sub.
 */
export interface Hub {
  attach(server: Server<SocketData>): void;
  deliver(event: RealtimeEvent): void;
  register(ws: Socket): void;
  unregister(ws: Socket): void;
  staffSockets(): Socket[];
  /** Unbound visitor sockets from this address on this instance (the upgrade caps them). */
  pendingFrom(ip: string): number;
  /**
   * What a `socket.bound` event does to the socket holding its key (set by socketHandlers): true
   * when it bound the socket, which then holds no key.
   */
  onBind(handler: (ws: Socket, event: EventOf<'socket.bound'>) => boolean): void;
  /** Every socket of this instance (shutdown closes them all). */
  allSockets(): Socket[];
  /** Tells every socket to catch up: events from other instances may have been missed (ADR 0044). */
  resync(): void;
}

/**
 * `observe` sees every event this instance delivers, its own and other instances' (the AI agent
 * cancels replies that a person's message, a close or a reassignment made stale).
 */
export function createHub(observe: (event: RealtimeEvent) => void = () => {}): Hub {
  let server: Server<SocketData> | undefined;
  const sockets = new Set<Socket>();
  const awaitingBind = new Map<string, Socket>();
  let bind: (ws: Socket, event: EventOf<'socket.bound'>) => boolean = () => false;

  const socketsOf = (userId: string) =>
    [...sockets].filter((ws) => ws.data.actor.kind === 'staff' && ws.data.actor.userId === userId);

  /** Agents follow the conversations assigned to them: move the subscription with the assignment. */
  function followAssignment(event: EventOf<'conversation.assigned'>): void {
    const topic = topics.conversation(event.conversationId);
    if (event.previousAssigneeId && event.previousAssigneeId !== event.assigneeId) {
      for (const ws of socketsOf(event.previousAssigneeId)) {
        if (ws.data.actor.kind === 'staff' && ws.data.actor.role === 'agent') {
          ws.unsubscribe(topic);
          ws.data.joined.delete(event.conversationId);
          ws.data.typing?.stop(event.conversationId);
        }
      }
    }
    if (event.assigneeId) {
      for (const ws of socketsOf(event.assigneeId)) {
        if (ws.data.actor.kind === 'staff' && ws.data.actor.role === 'agent') ws.subscribe(topic);
      }
    }
  }

  return {
    attach(s) {
      server = s;
    },
    deliver(event) {
      let staffFrame: string | undefined;
      let eventJson: string | undefined;
      for (const delivery of deliveriesOf(event)) {
        if (isVisitorTopic(delivery.topic)) {
          const json = JSON.stringify(delivery.event);
          if (delivery.event === event) eventJson = json;
          server?.publish(delivery.topic, json);
        } else {
          staffFrame ??= renderStaffFrame(delivery.event, delivery.event === event ? eventJson : undefined);
          server?.publish(delivery.topic, staffFrame);
        }
      }
      if (event.type === 'conversation.assigned') followAssignment(event);
      observe(event);
      if (event.type === 'staff.removed') {
        for (const ws of socketsOf(event.userId)) ws.close(SESSION_ENDED_CLOSE, 'session ended');
      }
      if (event.type === 'socket.bound') {
        const ws = awaitingBind.get(event.bindHash);
        // Not here (another instance holds it, or the page closed it), or not this chat's to take.
        if (!ws || !bind(ws, event)) return;
        awaitingBind.delete(event.bindHash);
        ws.data.bindHash = null;
      }
    },
    register(ws) {
      sockets.add(ws);
      // A reconnect with the same key replaces the socket it left behind.
      if (ws.data.bindHash) awaitingBind.set(ws.data.bindHash, ws);
    },
    unregister(ws) {
      sockets.delete(ws);
      const { bindHash } = ws.data;
      if (bindHash && awaitingBind.get(bindHash) === ws) awaitingBind.delete(bindHash);
    },
    staffSockets: () => [...sockets].filter((ws) => ws.data.actor.kind === 'staff'),
    pendingFrom(ip) {
      let count = 0;
      for (const ws of awaitingBind.values())
        if (ws.data.actor.kind === 'pending' && ws.data.ip === ip) count++;
      return count;
    },
    onBind(handler) {
      bind = handler;
    },
    allSockets: () => [...sockets],
    resync() {
      const frame = JSON.stringify({ type: 'resync' } satisfies ControlFrame);
      for (const ws of sockets) ws.send(frame);
    },
  };
}

/** Without Redis: events go straight to this instance's sockets. */
export function bunPublisher(hub: Hub): Publisher {
  return { publish: (event) => hub.deliver(event) };
}

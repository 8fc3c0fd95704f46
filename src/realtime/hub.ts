import type { Server, ServerWebSocket } from 'bun';
import { deliveriesOf } from '../events/audience.ts';
import type { EventOf, RealtimeEvent } from '../events/events.ts';
import type { Publisher } from '../events/publisher.ts';
import { isVisitorTopic, topics } from '../events/topics.ts';
import type { Actor } from './access.ts';
import { renderStaffFrame } from './fragments.tsx';
import type { TypingTracker } from './typing.ts';
import { type ControlFrame, SESSION_ENDED_CLOSE } from './wire.ts';

/** What every socket carries (`ws.data`), set once by the upgrade. */
export interface SocketData {
  connectionId: string;
  /** The client address (trusted-proxy aware), for rate limits on visitor sends. */
  ip: string;
  actor: Actor;
  /** The staff session behind the socket: when it ends, the socket is dropped. */
  sessionId: string | null;
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
    },
    register: (ws) => void sockets.add(ws),
    unregister: (ws) => void sockets.delete(ws),
    staffSockets: () => [...sockets].filter((ws) => ws.data.actor.kind === 'staff'),
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

import type { Server, ServerWebSocket } from 'bun';
import type { Logger } from '../shared/log.ts';
import type { Actor } from './access.ts';
import { eventAudience, type RealtimeEvent } from './events.ts';
import { renderStaffFrame } from './fragments.tsx';
import type { Publisher } from './publisher.ts';
import { SESSION_ENDED_CLOSE } from './session-watch.ts';
import { topics } from './topics.ts';
import type { TypingTracker } from './typing.ts';

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

const VISITOR_PREFIX = topics.visitor('');

/**
 * The one place the audience rule is enforced (STYLE 2.6): a visitor topic receives only events
 * whose audience is 'everyone'; internal events never reach a visitor, whoever published them.
 */
export function mayDeliver(topic: string, event: RealtimeEvent): boolean {
  return !topic.startsWith(VISITOR_PREFIX) || eventAudience[event.type] === 'everyone';
}

/**
 * This instance's sockets and its Bun topics. `deliver` renders an event once per audience
 * (JSON for visitor topics, a staff frame with HTML otherwise) and hands it to Bun's pub/sub.
 */
export interface Hub {
  attach(server: Server<SocketData>): void;
  deliver(topic: string, event: RealtimeEvent): void;
  register(ws: Socket): void;
  unregister(ws: Socket): void;
  staffSockets(): Socket[];
}

export function createHub(log: Logger): Hub {
  let server: Server<SocketData> | undefined;
  const sockets = new Set<Socket>();
  const rendered = new WeakMap<RealtimeEvent, string>();

  const socketsOf = (userId: string) =>
    [...sockets].filter((ws) => ws.data.actor.kind === 'staff' && ws.data.actor.userId === userId);

  /** Agents follow the conversations assigned to them: move the subscription with the assignment. */
  function followAssignment(event: Extract<RealtimeEvent, { type: 'conversation.assigned' }>): void {
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
    deliver(topic, event) {
      if (!mayDeliver(topic, event)) {
        log.warn('realtime.audience_refused', { topic, type: event.type });
        return;
      }
      if (topic.startsWith(VISITOR_PREFIX)) {
        server?.publish(topic, JSON.stringify(event));
      } else {
        let frame = rendered.get(event);
        if (frame === undefined) {
          frame = renderStaffFrame(event);
          rendered.set(event, frame);
        }
        server?.publish(topic, frame);
      }
      if (event.type === 'conversation.assigned') followAssignment(event);
      if (event.type === 'staff.removed') {
        for (const ws of socketsOf(event.userId)) ws.close(SESSION_ENDED_CLOSE, 'session ended');
      }
    },
    register: (ws) => void sockets.add(ws),
    unregister: (ws) => void sockets.delete(ws),
    staffSockets: () => [...sockets].filter((ws) => ws.data.actor.kind === 'staff'),
  };
}

/** Without Redis: events go straight to this instance's sockets. */
export function bunPublisher(hub: Hub): Publisher {
  return { publish: (topic, event) => hub.deliver(topic, event) };
}

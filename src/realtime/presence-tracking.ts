import type { PresenceSubject } from '../events/presence.ts';
import { drainQueue, type RoutingDeps } from '../routing/routing.service.ts';
import type { Socket } from './hub.ts';

/**
 * Records a socket's presence transition in `deps.presence` (routing reads it through
 * `goneSince`/`onlineStaff`) and tells staff consoles when a subject goes online or offline.
 * Staff presence is per user (any tab, RT-4); visitor presence is per conversation: the subject
 * id of a visitor is the conversation id (ROUTE-6 acts on conversations).
 */
export async function trackPresence(
  deps: RoutingDeps,
  ws: Socket,
  change: 'connect' | 'disconnect',
  conversationId?: string,
): Promise<void> {
  const { actor, connectionId } = ws.data;
  const subject: PresenceSubject =
    actor.kind === 'staff'
      ? { kind: 'staff', id: actor.userId }
      : { kind: 'visitor', id: conversationId ?? '' };
  if (subject.id === '') return;
  try {
    await recordTransition(deps, subject, connectionId, change);
  } catch (error) {
    // Presence is best effort (Redis may be away): the socket keeps working without it.
    deps.log.warn('realtime.presence_failed', { connectionId, change, error });
  }
}

async function recordTransition(
  deps: RoutingDeps,
  subject: PresenceSubject,
  connectionId: string,
  change: 'connect' | 'disconnect',
): Promise<void> {
  const wasOnline = await deps.presence.isOnline(subject);
  if (change === 'connect') await deps.presence.connect(subject, connectionId, deps.clock.now());
  else await deps.presence.disconnect(subject, connectionId, deps.clock.now());
  const online = await deps.presence.isOnline(subject);
  if (online === wasOnline) return;
  const event = { type: 'presence.changed', subject: subject.kind, id: subject.id, online } as const;
  deps.publisher.publish(event);
  // ROUTE-4: an agent coming online drains the queue to them.
  if (subject.kind === 'staff' && online) await drainQueue(deps, { freedAgentId: subject.id });
}

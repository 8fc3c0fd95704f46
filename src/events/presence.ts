/**
 * Who is connected, shared across instances when Redis is configured (RT-4, OPS-5).
 * Staff are online while any of their sockets is (multi-tab); visitors per conversation.
 * Routing reads it to decide eligibility and to release chats after a grace period.
 */
export interface Presence {
  connect(subject: PresenceSubject, connectionId: string, now: Date): Promise<void>;
  disconnect(subject: PresenceSubject, connectionId: string, now: Date): Promise<void>;
  isOnline(subject: PresenceSubject): Promise<boolean>;
  /** Staff user ids with at least one open connection. */
  onlineStaff(): Promise<string[]>;
  /** Subjects of this kind whose last connection closed at or before `cutoff` and have none open. */
  goneSince(kind: PresenceSubject['kind'], cutoff: Date): Promise<string[]>;
  /** Forget a gone subject once routing has acted on it, so a sweep acts once. */
  forget(subject: PresenceSubject): Promise<void>;
}

export type PresenceSubject = { kind: 'staff'; id: string } | { kind: 'visitor'; id: string };

/** In-process presence for a single instance (no REDIS_URL) and for tests. */
export function memoryPresence(): Presence {
  const open = new Map<string, Set<string>>();
  const goneAt = new Map<string, number>();
  const key = (s: PresenceSubject) => `${s.kind}:${s.id}`;
  return {
    async connect(subject, connectionId) {
      const k = key(subject);
      const set = open.get(k) ?? new Set<string>();
      set.add(connectionId);
      open.set(k, set);
      goneAt.delete(k);
    },
    async disconnect(subject, connectionId, now) {
      const k = key(subject);
      const set = open.get(k);
      if (!set) return;
      set.delete(connectionId);
      if (set.size === 0) {
        open.delete(k);
        goneAt.set(k, now.getTime());
      }
    },
    async isOnline(subject) {
      return (open.get(key(subject))?.size ?? 0) > 0;
    },
    async onlineStaff() {
      return [...open.keys()].filter((k) => k.startsWith('staff:')).map((k) => k.slice('staff:'.length));
    },
    async goneSince(kind, cutoff) {
      const prefix = `${kind}:`;
      return [...goneAt.entries()]
        .filter(([k, at]) => k.startsWith(prefix) && at <= cutoff.getTime())
        .map(([k]) => k.slice(prefix.length));
    },
    async forget(subject) {
      goneAt.delete(key(subject));
    },
  };
}

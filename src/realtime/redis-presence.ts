import type { Redis } from 'ioredis';
import type { Presence, PresenceSubject } from '../events/presence.ts';
import type { Clock } from '../shared/clock.ts';
import type { Timers } from './timers.ts';

/** An instance whose heartbeat key is older than this is dead (its connections stop counting). */
export const PRESENCE_TTL_MS = 15_000;
export const PRESENCE_HEARTBEAT_MS = 5_000;

export interface RedisPresenceOptions {
  instanceId: string;
  clock: Clock;
  timers: Timers;
  /** Key prefix, so tests and deployments sharing a Redis stay apart. */
  prefix?: string;
  /** An instance whose heartbeat is older than this is dead: its connections no longer count. */
  ttlMs?: number;
  heartbeatMs?: number;
}

/**
 * Presence shared across instances (RT-4, OPS-5). Each connection is recorded with the instance
 * holding it; each instance keeps a heartbeat key with a TTL. A crashed instance stops beating,
 * its key expires, and its connections stop counting: nobody stays online forever. Racy
 * bookkeeping (a "gone" mark written while another instance connects) is harmless because every
 * read re-checks the live connections.
 */
export function redisPresence(
  redis: Redis,
  options: RedisPresenceOptions,
): Presence & { start(): Promise<void>; stop(): Promise<void> } {
  const {
    instanceId,
    clock,
    timers,
    prefix = 'presence',
    ttlMs = PRESENCE_TTL_MS,
    heartbeatMs = PRESENCE_HEARTBEAT_MS,
  } = options;
  const conns = (s: PresenceSubject) => `${prefix}:conns:${s.kind}:${s.id}`;
  const online = (kind: string) => `${prefix}:online:${kind}`;
  const gone = (kind: string) => `${prefix}:gone:${kind}`;
  const alive = (instance: string) => `${prefix}:alive:${instance}`;
  const instanceConns = (instance: string) => `${prefix}:inst:${instance}`;
  const instances = `${prefix}:instances`;
  let timer: unknown;

  async function liveConnections(subject: PresenceSubject): Promise<number> {
    const holders = Object.values(await redis.hgetall(conns(subject)));
    const distinct = [...new Set(holders)];
    if (distinct.length === 0) return 0;
    const beats = await redis.mget(...distinct.map(alive));
    const live = new Set(distinct.filter((instance, i) => instance === instanceId || beats[i] !== null));
    return holders.filter((instance) => live.has(instance)).length;
  }

  async function markGoneIfEmpty(subject: PresenceSubject, at: number): Promise<void> {
    if ((await liveConnections(subject)) > 0) return;
    await redis
      .multi()
      .srem(online(subject.kind), subject.id)
      .zadd(gone(subject.kind), at, subject.id)
      .exec();
  }

  /** Forgets the connections of instances that stopped beating; their subjects count as gone then. */
  async function reapDeadInstances(): Promise<void> {
    const beats = await redis.hgetall(instances);
    for (const [instance, lastBeat] of Object.entries(beats)) {
      if (instance === instanceId || (await redis.exists(alive(instance))) === 1) continue;
      for (const entry of await redis.smembers(instanceConns(instance))) {
        const [kind, id, connectionId] = entry.split('\t');
        if (!kind || !id || !connectionId) continue;
        const subject = { kind, id } as PresenceSubject;
        await redis.hdel(conns(subject), connectionId);
        await markGoneIfEmpty(subject, Number(lastBeat));
      }
      await redis.multi().del(instanceConns(instance)).hdel(instances, instance).exec();
    }
  }

  async function beat(): Promise<void> {
    await redis
      .multi()
      .set(alive(instanceId), '1', 'PX', ttlMs)
      .hset(instances, instanceId, String(clock.now().getTime()))
      .exec();
  }

  const isOnline = async (subject: PresenceSubject) => (await liveConnections(subject)) > 0;

  return {
    /** Starts the heartbeat loop (it keeps beating through Redis outages) and awaits the first beat. */
    async start() {
      const loop = () => {
        timer = timers.setTimeout(() => {
          beat().then(loop, loop);
        }, heartbeatMs);
      };
      loop();
      await beat();
    },
    /**
     * A graceful stop removes everything this instance wrote: its connections (sockets whose close
     * handlers did not get to run), the subjects they leave without a live connection marked gone
     * (so routing releases them as after a crash, but at once), and its heartbeat entries.
     */
    async stop() {
      timers.clearTimeout(timer);
      const at = clock.now().getTime();
      for (const entry of await redis.smembers(instanceConns(instanceId))) {
        const [kind, id, connectionId] = entry.split('\t');
        if (!kind || !id || !connectionId) continue;
        const subject = { kind, id } as PresenceSubject;
        await redis.hdel(conns(subject), connectionId);
        await markGoneIfEmpty(subject, at);
      }
      await redis
        .multi()
        .del(instanceConns(instanceId))
        .del(alive(instanceId))
        .hdel(instances, instanceId)
        .exec();
    },
    async connect(subject, connectionId) {
      await redis
        .multi()
        .hset(conns(subject), connectionId, instanceId)
        .sadd(online(subject.kind), subject.id)
        .zrem(gone(subject.kind), subject.id)
        .sadd(instanceConns(instanceId), `${subject.kind}\t${subject.id}\t${connectionId}`)
        .exec();
    },
    async disconnect(subject, connectionId, now) {
      await redis
        .multi()
        .hdel(conns(subject), connectionId)
        .srem(instanceConns(instanceId), `${subject.kind}\t${subject.id}\t${connectionId}`)
        .exec();
      await markGoneIfEmpty(subject, now.getTime());
    },
    isOnline,
    async onlineStaff() {
      const ids = await redis.smembers(online('staff'));
      const live = await Promise.all(ids.map((id) => isOnline({ kind: 'staff', id })));
      return ids.filter((_, i) => live[i]);
    },
    async goneSince(kind, cutoff) {
      await reapDeadInstances();
      const ids = await redis.zrangebyscore(gone(kind), '-inf', cutoff.getTime());
      const live = await Promise.all(ids.map((id) => isOnline({ kind, id })));
      return ids.filter((_, i) => !live[i]);
    },
    async forget(subject) {
      await redis.zrem(gone(subject.kind), subject.id);
    },
  };
}

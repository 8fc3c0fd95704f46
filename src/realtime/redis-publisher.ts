import { Redis } from 'ioredis';
import type { RealtimeEvent } from '../events/events.ts';
import type { Publisher } from '../events/publisher.ts';
import type { Logger } from '../shared/log.ts';
import type { Hub } from './hub.ts';

export const REDIS_CHANNEL = 'realtime:events';

interface Envelope {
  /** The publishing instance: it already delivered locally and skips its own echo. */
  o: string;
  /** The event; each instance picks its own topics for it from the audience table. */
  e?: RealtimeEvent;
  /** "I could not publish for a while": every other instance tells its sockets to resync. */
  r?: 1;
}

/**
 * Fan-out across instances (RT-5, OPS-5): deliver to this instance's sockets at once, and signal
 * the others through Redis pub/sub. Redis is only a "something happened" channel: what it drops
 * while down is repaired by clients catching up by seq from the database.
 */
export function redisPublisher(options: {
  pub: Redis;
  sub: Redis;
  hub: Hub;
  instanceId: string;
  log: Logger;
  channel?: string;
}): Publisher & { start(): Promise<void> } {
  const { pub, sub, hub, instanceId, log, channel = REDIS_CHANNEL } = options;
  /** Events this instance failed to publish since Redis was last reachable. */
  let missed = 0;
  return {
    async start() {
      sub.on('message', (from: string, text: string) => {
        if (from !== channel) return;
        let envelope: Envelope;
        try {
          envelope = JSON.parse(text) as Envelope;
        } catch {
          return log.warn('realtime.redis_bad_message', { channel });
        }
        if (envelope.o === instanceId) return;
        if (envelope.r) hub.resync();
        else if (envelope.e) hub.deliver(envelope.e);
      });
      // ioredis re-subscribes by itself after a reconnect (TECH-NOTES). What was published while
      // this connection was down never arrives: once subscribed again, the sockets catch up.
      let subscribedOnce = false;
      sub.on('ready', () => {
        if (!subscribedOnce) return;
        sub
          .subscribe(channel)
          .then(() => {
            log.info('realtime.redis_resubscribed', { sockets: hub.allSockets().length });
            hub.resync();
          })
          .catch((error: unknown) => log.warn('realtime.redis_resubscribe_failed', { error }));
      });
      await sub.subscribe(channel);
      subscribedOnce = true;
      // The other way round: this instance could not publish (its own connection was cut while
      // the others' stayed up): once it can again, it asks the others to resync.
      pub.on('ready', () => {
        if (missed === 0) return;
        const count = missed;
        missed = 0;
        const envelope: Envelope = { o: instanceId, r: 1 };
        pub
          .publish(channel, JSON.stringify(envelope))
          .then(() => log.info('realtime.redis_publish_restored', { missed: count }))
          .catch(() => {
            missed += count;
          });
      });
    },
    publish(event) {
      hub.deliver(event);
      const envelope: Envelope = { o: instanceId, e: event };
      pub.publish(channel, JSON.stringify(envelope)).catch((error: unknown) => {
        // One warning per outage, not one per event (the restore logs how many were missed).
        if (missed++ === 0) log.warn('realtime.redis_publish_failed', { type: event.type, error });
      });
    },
  };
}

/**
 * One connection to publish and one to subscribe (a subscribed connection can do nothing else).
 * Publishing fails fast while Redis is away instead of queueing: the database is the truth.
 */
export function connectRedisPair(url: string, log: Logger, retryDelayMs = 500): { pub: Redis; sub: Redis } {
  const retryStrategy = () => retryDelayMs;
  const pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy });
  const sub = new Redis(url, { retryStrategy });
  for (const [name, client] of [
    ['pub', pub],
    ['sub', sub],
  ] as const) {
    client.on('error', (error: Error) =>
      log.warn('redis.error', { connection: name, message: error.message }),
    );
  }
  return { pub, sub };
}

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
  e: RealtimeEvent;
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
        if (envelope.o !== instanceId) hub.deliver(envelope.e);
      });
      // ioredis re-subscribes by itself after a reconnect (TECH-NOTES).
      await sub.subscribe(channel);
    },
    publish(event) {
      hub.deliver(event);
      const envelope: Envelope = { o: instanceId, e: event };
      pub.publish(channel, JSON.stringify(envelope)).catch((error: unknown) => {
        log.warn('realtime.redis_publish_failed', { type: event.type, error });
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

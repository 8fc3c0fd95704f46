import { once } from 'node:events';
import Redis from 'ioredis';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/log.ts';
import { redisNames } from '../shared/redis-prefix.ts';
import { type IpBlockRegistry, ipBlockRegistry, redisBlockSync } from './ip-blocks.ts';
import { failOpen, memoryWindowCounter, redisWindowCounter, type WindowCounter } from './window-counter.ts';

export interface SecurityDeps {
  blocks: IpBlockRegistry;
  counters: WindowCounter;
  close(): Promise<void>;
}

/**
 * The block registry and the counters for one process: in-process without REDIS_URL, shared
 * through Redis with it (a command connection and a subscriber of our own). Loads the blocks.
 */
export async function makeSecurityDeps(
  base: { config: Config; db: Db; clock: Clock; log: Logger },
  options: { redisUrl?: string; keyPrefix?: string } = {},
): Promise<SecurityDeps> {
  const redisUrl = options.redisUrl ?? base.config.redisUrl;
  const keyPrefix = options.keyPrefix ?? redisNames(base.config.redisPrefix).security;
  if (!redisUrl) {
    const blocks = ipBlockRegistry(base);
    await blocks.load();
    return { blocks, counters: memoryWindowCounter(), close: () => blocks.close() };
  }
  // Commands fail fast while Redis is away (no offline queue), so requests never hang on it.
  const commands = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const subscriber = new Redis(redisUrl);
  commands.on('error', (error) => base.log.warn('security.redis_error', { error }));
  const sync = redisBlockSync({
    publisher: commands,
    subscriber,
    channel: `${keyPrefix}ip-blocks`,
    log: base.log,
  });
  const blocks = ipBlockRegistry(base, sync);
  // Without an offline queue the first commands must wait for the connection; a Redis that is
  // down at start-up stops the start (events.once rejects on the first 'error').
  if (commands.status !== 'ready') await once(commands, 'ready');
  await blocks.load();
  return {
    blocks,
    counters: failOpen(redisWindowCounter(commands, keyPrefix), base.log),
    close: async () => {
      await blocks.close();
      commands.disconnect();
    },
  };
}

import Redis from 'ioredis';
import type { Db } from '../../src/db/database.ts';
import { ipBlockRegistry, redisBlockSync } from '../../src/security/ip-blocks.ts';
import { redisWindowCounter } from '../../src/security/window-counter.ts';
import type { Clock } from '../../src/shared/clock.ts';
import type { Logger } from '../../src/shared/log.ts';

export const redisUrl = process.env.TEST_REDIS_URL;

/** A key prefix no other test (or engineer running tests in parallel) shares. */
export const uniquePrefix = () => `test:${crypto.randomUUID().slice(0, 12)}:`;

/**
 * One "instance" worth of Redis-backed security state (its own connections), as main.ts builds it,
 * over a database and clock the test controls. Several of these with one prefix behave like
 * several app servers sharing Redis.
 */
export async function redisSecurity(
  url: string,
  prefix: string,
  base: { db: Db; clock: Clock; log: Logger },
) {
  const commands = new Redis(url);
  const subscriber = new Redis(url);
  const blocks = ipBlockRegistry(
    base,
    redisBlockSync({ publisher: commands, subscriber, channel: `${prefix}ip-blocks`, log: base.log }),
  );
  await blocks.load();
  return {
    blocks,
    counters: redisWindowCounter(commands, prefix),
    close: async () => {
      await blocks.close();
      commands.disconnect();
    },
  };
}

/** Waits for something another process does (a pub/sub delivery), never for timing logic. */
export async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error('condition not reached in time');
    await Bun.sleep(5);
  }
}

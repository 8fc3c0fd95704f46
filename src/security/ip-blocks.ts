import type Redis from 'ioredis';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { toIso } from '../shared/clock.ts';
import type { Logger } from '../shared/log.ts';
import { listActiveIpBlocks } from './ip-blocks.queries.ts';

/**
 * The set of blocked addresses every request is checked against first (SEC-1): a Map held in
 * memory, so the check is one O(1) lookup and never waits for the database. The `ip_blocks` table
 * is the source of truth; Redis pub/sub only says "this address changed, re-read it" to the other
 * instances (TECH-NOTES: messages are lost while disconnected, so a reconnect reloads everything).
 */
export interface IpBlockRegistry {
  isBlocked(ip: string): boolean;
  /** Re-reads one address from the database here, then tells the other instances to do the same. */
  refresh(ip: string): Promise<void>;
  /** Reads every active block (start-up and after a Redis reconnect). */
  load(): Promise<void>;
  close(): Promise<void>;
}

/** Carries "address changed" between instances. */
export interface BlockSync {
  announce(ip: string): Promise<void>;
  listen(handlers: { changed: (ip: string) => void; reconnected: () => void }): Promise<void>;
  close(): Promise<void>;
}

export const localOnlySync: BlockSync = {
  announce: async () => {},
  listen: async () => {},
  close: async () => {},
};

type RegistryDeps = { db: Db; clock: Clock; log: Logger };

export function ipBlockRegistry(deps: RegistryDeps, sync: BlockSync = localOnlySync): IpBlockRegistry {
  /** ip → the instant (ms) its longest block ends; Infinity for a permanent one. */
  let blockedUntil = new Map<string, number>();

  const untilOf = (expiresAt: string | null) => (expiresAt === null ? Infinity : Date.parse(expiresAt));

  async function reloadIp(ip: string): Promise<void> {
    const blocks = await listActiveIpBlocks(deps.db, toIso(deps.clock.now()), ip);
    if (blocks.length === 0) blockedUntil.delete(ip);
    else blockedUntil.set(ip, Math.max(...blocks.map((b) => untilOf(b.expiresAt))));
  }

  async function load(): Promise<void> {
    await listening;
    const blocks = await listActiveIpBlocks(deps.db, toIso(deps.clock.now()));
    const next = new Map<string, number>();
    for (const block of blocks) {
      next.set(block.ip, Math.max(next.get(block.ip) ?? 0, untilOf(block.expiresAt)));
    }
    blockedUntil = next;
  }

  const logged = (what: string, task: Promise<void>) =>
    task.catch((error) => deps.log.error('ip_blocks.sync_failed', { what, error }));

  const listening = sync.listen({
    changed: (ip) => void logged('changed', reloadIp(ip)),
    reconnected: () => void logged('reconnected', load()),
  });

  return {
    isBlocked(ip) {
      const until = blockedUntil.get(ip);
      if (until === undefined) return false;
      if (deps.clock.now().getTime() < until) return true;
      blockedUntil.delete(ip); // expired: temporary blocks end by themselves
      return false;
    },
    async refresh(ip) {
      await reloadIp(ip);
      // The row is written and this instance knows; others catch up on their reconnect reload.
      await logged('announce', sync.announce(ip));
    },
    load,
    close: () => sync.close(),
  };
}

/** Redis pub/sub between instances: one connection publishes, a dedicated one subscribes. */
export function redisBlockSync(options: {
  publisher: Redis;
  subscriber: Redis;
  channel: string;
  log: Logger;
}): BlockSync {
  const { publisher, subscriber, channel, log } = options;
  return {
    async announce(ip) {
      await publisher.publish(channel, ip);
    },
    async listen({ changed, reconnected }) {
      let connectedBefore = subscriber.status === 'ready';
      subscriber.on('ready', () => {
        // ioredis re-subscribes by itself; whatever was published meanwhile is lost: reload all.
        if (connectedBefore) reconnected();
        connectedBefore = true;
      });
      subscriber.on('error', (error) => log.warn('ip_blocks.redis_error', { error }));
      subscriber.on('message', (from: string, ip: string) => {
        if (from === channel) changed(ip);
      });
      await subscriber.subscribe(channel);
    },
    async close() {
      subscriber.disconnect();
    },
  };
}

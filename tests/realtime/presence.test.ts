import { afterAll, describe, expect, test } from 'bun:test';
import { Redis } from 'ioredis';
import { memoryPresence, type Presence } from '../../src/events/presence.ts';
import { redisPresence } from '../../src/realtime/redis-presence.ts';
import { manualClock } from '../support/manual-clock.ts';
import { manualTimers } from './support/live.ts';
import { deleteRedisKeys } from './support/two-instances.ts';

const redisUrl = process.env.TEST_REDIS_URL;
const clients: Redis[] = [];
const prefixes: string[] = [];
afterAll(async () => {
  for (const prefix of prefixes) await deleteRedisKeys(prefix);
  for (const client of clients) client.disconnect();
});

async function redisPair() {
  const prefix = `test-presence-${crypto.randomUUID()}`;
  prefixes.push(prefix);
  const clock = manualClock();
  const make = async (instanceId: string) => {
    const client = new Redis(redisUrl as string);
    clients.push(client);
    const presence = redisPresence(client, { instanceId, clock, timers: manualTimers(), prefix });
    await presence.start();
    return { presence, client };
  };
  return { a: await make('instance-a'), b: await make('instance-b'), prefix, clock };
}

const implementations: Array<[string, () => Promise<Presence>]> = [
  ['memory', async () => memoryPresence()],
  ...(redisUrl
    ? [['redis', async () => (await redisPair()).a.presence] as [string, () => Promise<Presence>]]
    : []),
];

const staff = (id: string) => ({ kind: 'staff', id }) as const;
const at = (iso: string) => new Date(iso);

for (const [name, make] of implementations) {
  describe(`${name} presence`, () => {
    test('a subject is online while any connection is open, then gone since its last close', async () => {
      const presence = await make();
      await presence.connect(staff('u1'), 'c1', at('2026-11-23T10:00:00Z'));
      await presence.connect(staff('u1'), 'c2', at('2026-11-23T10:00:01Z'));
      await presence.disconnect(staff('u1'), 'c1', at('2026-11-23T10:00:02Z'));
      expect(await presence.isOnline(staff('u1'))).toBe(true);
      expect(await presence.onlineStaff()).toEqual(['u1']);
      await presence.disconnect(staff('u1'), 'c2', at('2026-11-23T10:00:03Z'));
      expect(await presence.isOnline(staff('u1'))).toBe(false);
      expect(await presence.goneSince('staff', at('2026-11-23T10:00:02Z'))).toEqual([]);
      expect(await presence.goneSince('staff', at('2026-11-23T10:00:03Z'))).toEqual(['u1']);
      await presence.forget(staff('u1'));
      expect(await presence.goneSince('staff', at('2026-11-23T11:00:00Z'))).toEqual([]);
    });

    test('coming back before the sweep clears the gone mark', async () => {
      const presence = await make();
      await presence.connect(staff('u2'), 'c1', at('2026-11-23T10:00:00Z'));
      await presence.disconnect(staff('u2'), 'c1', at('2026-11-23T10:00:01Z'));
      await presence.connect(staff('u2'), 'c2', at('2026-11-23T10:00:05Z'));
      expect(await presence.goneSince('staff', at('2026-11-23T10:01:00Z'))).toEqual([]);
    });
  });
}

describe.if(Boolean(redisUrl))('redis presence across instances', () => {
  test('connections on two instances count together; a crashed instance stops counting', async () => {
    const { a, b, prefix } = await redisPair();
    await a.presence.connect(staff('u3'), 'ca', at('2026-11-23T10:00:00Z'));
    await b.presence.connect(staff('u3'), 'cb', at('2026-11-23T10:00:00Z'));
    await b.presence.connect(staff('u4'), 'cb2', at('2026-11-23T10:00:00Z'));
    expect((await a.presence.onlineStaff()).sort()).toEqual(['u3', 'u4']);
    await a.presence.disconnect(staff('u3'), 'ca', at('2026-11-23T10:00:01Z'));
    expect(await a.presence.isOnline(staff('u3'))).toBe(true);

    // Instance B crashes: it never disconnects, its heartbeat key expires (here: removed).
    await a.client.del(`${prefix}:alive:instance-b`);
    expect(await a.presence.isOnline(staff('u3'))).toBe(false);
    expect(await a.presence.onlineStaff()).toEqual([]);
    const gone = await a.presence.goneSince('staff', at('2026-11-23T12:00:00Z'));
    expect(gone.sort()).toEqual(['u3', 'u4']);
  });

  test('a graceful stop removes the connections the instance still held and its heartbeat', async () => {
    const { a, b, prefix } = await redisPair();
    await b.presence.connect(staff('u5'), 'cb', at('2026-11-23T10:00:00Z'));
    await b.presence.connect(staff('u6'), 'cb2', at('2026-11-23T10:00:00Z'));
    await a.presence.connect(staff('u6'), 'ca', at('2026-11-23T10:00:00Z'));
    // B stops without its sockets' close handlers having run (no disconnect calls).
    await b.presence.stop();
    const left = (await a.client.keys(`${prefix}:*`)).sort();
    expect(left.filter((key) => key.includes('instance-b'))).toEqual([]);
    expect(await a.client.hgetall(`${prefix}:conns:staff:u5`)).toEqual({});
    expect(await a.client.hgetall(`${prefix}:conns:staff:u6`)).toEqual({ ca: 'instance-a' });
    expect(await a.client.hkeys(`${prefix}:instances`)).toEqual(['instance-a']);
    // u5 is gone at once (routing releases their chats); u6 is still on instance A.
    expect(await a.presence.isOnline(staff('u5'))).toBe(false);
    expect(await a.presence.onlineStaff()).toEqual(['u6']);
    expect(await a.presence.goneSince('staff', at('2099-01-01T00:00:00Z'))).toEqual(['u5']);
  });
});

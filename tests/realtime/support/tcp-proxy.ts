import type { Socket } from 'bun';

interface Pair {
  client: Socket<Link>;
  upstream?: Socket<undefined>;
  queue: Uint8Array[];
}
interface Link {
  pair?: Pair;
}

/**
 * A loopback TCP relay to a real service (Redis here) that a test can cut and restore, to
 * simulate the network or the service going away without stopping the shared Redis.
 */
export function tcpProxy(target: { hostname: string; port: number }) {
  let cut = false;
  const pairs = new Set<Pair>();
  const listener = Bun.listen<Link>({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      async open(client) {
        if (cut) {
          client.end();
          return;
        }
        const pair: Pair = { client, queue: [] };
        client.data = { pair };
        pairs.add(pair);
        try {
          pair.upstream = await Bun.connect<undefined>({
            ...target,
            socket: {
              // After a cut nothing crosses, even bytes racing the FIN of a half-closed socket.
              data: (_s, chunk) => void (cut ? undefined : client.write(chunk)),
              close: () => void client.end(),
              error: () => void client.end(),
            },
          });
        } catch {
          // The target refuses (a server stopped behind the proxy): so does the proxy.
          pairs.delete(pair);
          client.end();
          return;
        }
        for (const chunk of pair.queue) pair.upstream.write(chunk);
        pair.queue = [];
      },
      data(client, chunk) {
        const pair = client.data.pair;
        if (!pair || cut) return;
        if (pair.upstream) pair.upstream.write(chunk);
        else pair.queue.push(new Uint8Array(chunk));
      },
      close(client) {
        const pair = client.data?.pair;
        if (!pair) return;
        pair.upstream?.end();
        pairs.delete(pair);
      },
    },
  });
  return {
    url: `redis://127.0.0.1:${listener.port}`,
    /** Drops every relayed connection and refuses new ones. */
    cut() {
      cut = true;
      for (const pair of pairs) {
        pair.client.end();
        pair.upstream?.end();
      }
      pairs.clear();
    },
    restore() {
      cut = false;
    },
    stop: () => listener.stop(true),
  };
}

/**
 * A small round-robin load balancer on loopback: each new connection goes to the next target;
 * a refused one (the instance stopped listening) is tried on the next, like a real balancer.
 * With `cutAfterMs`, every connection is cut (both sides ended) that long after it opened: the
 * socket chaos of issue 21 item 2 (a flaky network, a balancer dropping connections).
 */
export function roundRobinProxy(
  targets: Array<{ hostname: string; port: number }>,
  options: { cutAfterMs?: () => number } = {},
) {
  let next = 0;
  let chaos = options.cutAfterMs;
  let cuts = 0;
  const pairs = new Set<Pair>();
  const connect = async (client: Socket<Link>, attempt: number): Promise<Socket<undefined> | undefined> => {
    if (attempt >= targets.length) return undefined;
    const target = targets[next++ % targets.length] as { hostname: string; port: number };
    try {
      return await Bun.connect<undefined>({
        ...target,
        socket: {
          data: (_s, chunk) => void client.write(chunk),
          close: () => void client.end(),
          error: () => void client.end(),
        },
      });
    } catch {
      return connect(client, attempt + 1);
    }
  };
  const listener = Bun.listen<Link>({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      async open(client) {
        const pair: Pair = { client, queue: [] };
        client.data = { pair };
        pairs.add(pair);
        const upstream = await connect(client, 0);
        if (!upstream) return void client.end();
        pair.upstream = upstream;
        for (const chunk of pair.queue) upstream.write(chunk);
        pair.queue = [];
        if (chaos) {
          setTimeout(() => {
            if (!chaos || !pairs.has(pair)) return;
            cuts++;
            pairs.delete(pair);
            client.end();
            upstream.end();
          }, chaos());
        }
      },
      data(client, chunk) {
        const pair = client.data.pair;
        if (!pair) return;
        if (pair.upstream) pair.upstream.write(chunk);
        else pair.queue.push(new Uint8Array(chunk));
      },
      close(client) {
        const pair = client.data?.pair;
        if (!pair) return;
        pair.upstream?.end();
        pairs.delete(pair);
      },
    },
  });
  return {
    url: `http://127.0.0.1:${listener.port}`,
    /** Points the balancer at a new set of instances (a restarted one listens on a new port). */
    setTargets(list: Array<{ hostname: string; port: number }>) {
      targets = list;
    },
    /** Stops cutting connections (the ones open now stay up). */
    calm() {
      chaos = undefined;
    },
    /** Connections cut so far. */
    cuts: () => cuts,
    stop: () => listener.stop(true),
  };
}

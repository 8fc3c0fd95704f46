import { once } from 'node:events';
import type { Server } from 'bun';
import { createApp } from './app.tsx';
import type { Deps } from './deps.ts';
import { bunPublisher, createHub, type SocketData } from './realtime/hub.ts';
import { redisPresence } from './realtime/redis-presence.ts';
import { connectRedisPair, redisPublisher } from './realtime/redis-publisher.ts';
import { REVALIDATE_MS, sessionWatch } from './realtime/session-watch.ts';
import { socketHandlers } from './realtime/socket.ts';
import { upgradeSocket } from './realtime/socket-auth.ts';
import { systemTimers, type Timers } from './realtime/timers.ts';
import { WS_PATH } from './realtime/wire.ts';
import { trustedProxies } from './security/client-ip.ts';
import { redisNames } from './shared/redis-prefix.ts';

export interface StartOptions {
  port?: number;
  hostname?: string;
  /** Defaults to deps.config.redisUrl; null forces in-process fan-out. */
  redisUrl?: string | null;
  /** Key and channel prefix; defaults to deps.config.redisPrefix (one per deployment). */
  redisNamespace?: string;
  redisRetryDelayMs?: number;
  timers?: Timers;
}

export interface RunningServer {
  server: Server<SocketData>;
  url: string;
  wsUrl: string;
  /** The deps the server runs with: the real publisher and presence in place of the given ones. */
  deps: Deps;
  /** Stop accepting, close sockets, stop background loops, close Redis. */
  stop(): Promise<void>;
}

/** Start-up waits this long for Redis, then serves anyway: Redis is only a signal, sends persist. */
const REDIS_STARTUP_WAIT_MS = 5000;

async function within(promise: Promise<unknown>, ms: number, onLate: () => void): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = await Promise.race([
    promise.then(
      () => true,
      () => false,
    ),
    late,
  ]);
  clearTimeout(timer);
  if (!done) onLate();
}

async function realtimeTransport(deps: Deps, options: StartOptions, hub: ReturnType<typeof createHub>) {
  const redisUrl = options.redisUrl === undefined ? deps.config.redisUrl : options.redisUrl;
  if (!redisUrl) return { publisher: bunPublisher(hub), presence: deps.presence, close: async () => {} };
  const names = redisNames(options.redisNamespace ?? deps.config.redisPrefix);
  const timers = options.timers ?? systemTimers;
  const { pub, sub } = connectRedisPair(redisUrl, deps.log, options.redisRetryDelayMs);
  const warnLate = () => deps.log.warn('realtime.redis_not_ready', { waitedMs: REDIS_STARTUP_WAIT_MS });
  if (pub.status !== 'ready') await within(once(pub, 'ready'), REDIS_STARTUP_WAIT_MS, warnLate);
  const instanceId = deps.ids.next();
  const publisher = redisPublisher({
    pub,
    sub,
    hub,
    instanceId,
    log: deps.log,
    channel: names.events,
  });
  const presence = redisPresence(pub, {
    instanceId,
    clock: deps.clock,
    timers,
    prefix: names.presence,
  });
  await within(Promise.all([publisher.start(), presence.start()]), REDIS_STARTUP_WAIT_MS, warnLate);
  const close = async () => {
    await presence.stop().catch(() => undefined);
    pub.disconnect();
    sub.disconnect();
  };
  return { publisher, presence, close };
}

/**
 * A live HTTP + WebSocket server (main.ts, tests, the benchmark and browser tests use it):
 * the Hono app on every path but `/ws`, Bun's native WebSocket hub on `/ws`.
 */
export async function startServer(deps: Deps, options: StartOptions = {}): Promise<RunningServer> {
  const timers = options.timers ?? systemTimers;
  const hub = createHub((event) => deps.aiAgent.observe(event));
  const transport = await realtimeTransport(deps, options, hub);
  const liveDeps: Deps = { ...deps, publisher: transport.publisher, presence: transport.presence };
  // The AI agent publishes typing and replies through the live transport, like a person's socket.
  deps.aiAgent.attach(liveDeps);
  const app = createApp(liveDeps);
  const trusted = trustedProxies(deps.config.trustedProxies);
  const server = Bun.serve<SocketData>({
    port: options.port ?? deps.config.port,
    hostname: options.hostname,
    idleTimeout: 60,
    fetch(req, srv) {
      if (new URL(req.url).pathname === WS_PATH) return upgradeSocket(liveDeps, req, srv, trusted);
      return app.fetch(req, { server: srv });
    },
    websocket: socketHandlers(liveDeps, hub, timers),
  });
  hub.attach(server);

  let watching = true;
  let watchTimer: unknown;
  const sessions = sessionWatch(liveDeps, hub);
  const watchSessions = () => {
    watchTimer = timers.setTimeout(() => {
      sessions
        .dropEndedSessions()
        .catch((error: unknown) => deps.log.error('realtime.session_watch_failed', { error }))
        .finally(() => watching && watchSessions());
    }, REVALIDATE_MS);
  };
  watchSessions();

  const host = options.hostname ?? 'localhost';
  return {
    server,
    url: `http://${host}:${server.port}`,
    wsUrl: `ws://${host}:${server.port}${WS_PATH}`,
    deps: liveDeps,
    async stop() {
      watching = false;
      deps.aiAgent.stop();
      timers.clearTimeout(watchTimer);
      await server.stop(true);
      await transport.close();
    },
  };
}

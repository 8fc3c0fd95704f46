import { once } from 'node:events';
import type { Server } from 'bun';
import { createApp } from './app.tsx';
import { isDatabaseUnavailable } from './db/unavailable.ts';
import type { Deps } from './deps.ts';
import { bunPublisher, createHub, type SocketData } from './realtime/hub.ts';
import { redisPresence } from './realtime/redis-presence.ts';
import { connectRedisPair, redisPublisher } from './realtime/redis-publisher.ts';
import { REVALIDATE_MS, sessionWatch } from './realtime/session-watch.ts';
import { socketHandlers } from './realtime/socket.ts';
import { upgradeSocket } from './realtime/socket-auth.ts';
import { systemTimers, type Timers } from './realtime/timers.ts';
import { SERVER_RESTART_CLOSE, WS_PATH } from './realtime/wire.ts';
import { trustedProxies } from './security/client-ip.ts';
import { inFlight, settlesWithin } from './shared/in-flight.ts';
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
  /**
   * The first half of a graceful stop (OPS-7): `/readyz` answers 503 "stopping", the listener
   * closes, in-flight requests finish (at most `graceMs`, then they are cut), every socket is closed
   * with 1012 and its close handler (presence, routing) is awaited. Database and Redis stay up.
   */
  drain(graceMs?: number): Promise<void>;
  /** The second half, after the jobs have stopped: presence entries removed, Redis closed. */
  close(): Promise<void>;
  /** drain() then close(). */
  stop(): Promise<void>;
}

/** In-flight requests and socket handlers get this long after SIGTERM before they are cut. */
export const DRAIN_GRACE_MS = 10_000;

/** Start-up waits this long for Redis, then serves anyway: Redis is only a signal, sends persist. */
const REDIS_STARTUP_WAIT_MS = 5000;

async function within(promise: Promise<unknown>, ms: number, onLate: () => void): Promise<void> {
  let ready = false;
  await settlesWithin(
    promise.then(() => {
      ready = true;
    }),
    ms,
  );
  if (!ready) onLate();
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
  const socketWork = inFlight();
  let stopping = false;
  const server = Bun.serve<SocketData>({
    port: options.port ?? deps.config.port,
    hostname: options.hostname,
    idleTimeout: 60,
    fetch(req, srv) {
      const { pathname } = new URL(req.url);
      // A keep-alive connection may still ask while the instance drains: it is leaving, not ready.
      if (stopping && pathname === '/readyz') return Response.json({ status: 'stopping' }, { status: 503 });
      if (pathname === WS_PATH) {
        if (stopping)
          return new Response('Server is restarting', { status: 503, headers: { 'Retry-After': '1' } });
        return upgradeSocket(liveDeps, req, srv, trusted, hub);
      }
      return app.fetch(req, { server: srv });
    },
    websocket: socketHandlers(liveDeps, hub, timers, socketWork),
  });
  hub.attach(server);

  let watching = true;
  let watchTimer: unknown;
  const sessions = sessionWatch(liveDeps, hub);
  const watchSessions = () => {
    watchTimer = timers.setTimeout(() => {
      sessions
        .dropEndedSessions()
        .catch((error: unknown) =>
          // A database outage is reported by /readyz and the requests; the next round retries.
          isDatabaseUnavailable(error)
            ? deps.log.warn('realtime.session_watch_unavailable', { error })
            : deps.log.error('realtime.session_watch_failed', { error }),
        )
        .finally(() => watching && watchSessions());
    }, REVALIDATE_MS);
  };
  watchSessions();

  let draining: Promise<void> | undefined;
  let closing: Promise<void> | undefined;
  const host = options.hostname ?? 'localhost';
  const running: RunningServer = {
    server,
    url: `http://${host}:${server.port}`,
    wsUrl: `ws://${host}:${server.port}${WS_PATH}`,
    deps: liveDeps,
    drain(graceMs = DRAIN_GRACE_MS) {
      draining ??= (async () => {
        stopping = true;
        const startedAt = performance.now();
        // Stops listening at once; resolves when in-flight requests and sockets are done.
        const idle = server.stop(false);
        for (const ws of hub.allSockets()) ws.close(SERVER_RESTART_CLOSE, 'server restarting');
        if (!(await settlesWithin(idle, graceMs))) {
          deps.log.warn('server.drain_timeout', { graceMs, sockets: hub.allSockets().length });
          await server.stop(true);
        }
        const left = Math.max(0, graceMs - (performance.now() - startedAt));
        if (!(await settlesWithin(socketWork.settled(), left + 1000))) {
          deps.log.warn('server.socket_handlers_timeout', { pending: socketWork.size });
        }
        watching = false;
        timers.clearTimeout(watchTimer);
        deps.aiAgent.stop();
      })();
      return draining;
    },
    close() {
      closing ??= transport.close();
      return closing;
    },
    async stop() {
      await running.drain();
      await running.close();
    },
  };
  return running;
}

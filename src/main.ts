import { createAiAgent } from './ai/ai-agent.service.ts';
import { ConfigError, loadConfig } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Deps } from './deps.ts';
import { memoryPresence } from './events/presence.ts';
import { memoryPublisher } from './events/publisher.ts';
import { groupCommitWriter } from './messages/message-writer.ts';
import { bootstrap } from './ops/bootstrap.ts';
import { loadSecretKey, secretBox } from './security/secret-box.ts';
import { makeSecurityDeps } from './security/security-deps.ts';
import { startServer } from './server.ts';
import { systemClock } from './shared/clock.ts';
import { timeOrderedIds } from './shared/ids.ts';
import { jsonLogger } from './shared/log.ts';
import { systemTimers } from './shared/timers.ts';
import { startJobs } from './start-jobs.ts';
import { GeoDatabaseError, openGeoLookup } from './visitors/geo-ip.ts';

/** Process entry: config → database → migrations → bootstrap → HTTP server; SIGTERM drains. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const log = jsonLogger(config.logLevel);
  const db = await connectDatabase(config.databaseUrl, {
    onConnectionError: (error) => log.warn('database.connection_lost', { message: error.message }),
  });
  const applied = await migrateToLatest(db);
  if (applied.length > 0) log.info('migrations.applied', { migrations: applied });
  if (config.databaseUrlIsDefault) log.info('database.embedded_sqlite', { url: config.databaseUrl });

  const clock = systemClock;
  const security = await makeSecurityDeps({ config, db, clock, log });
  const deps: Deps = {
    config,
    db,
    clock,
    ids: timeOrderedIds(),
    log,
    // startServer replaces these with the Bun/Redis publisher and (with REDIS_URL) shared presence.
    publisher: memoryPublisher(),
    presence: memoryPresence(),
    blocks: security.blocks,
    counters: security.counters,
    messageWriter: groupCommitWriter(db),
    secrets: secretBox(await loadSecretKey(config)),
    // Bound to the live deps by startServer (the server's publisher and presence).
    aiAgent: createAiAgent({ timers: systemTimers }),
    geo: await openGeoLookup(config.geoipDbPath, { watch: true }).catch((error: unknown) => {
      if (!(error instanceof GeoDatabaseError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }),
  };
  await bootstrap(deps);

  const running = await startServer(deps, { port: config.port });
  const { server } = running;
  log.info('server.started', {
    port: server.port,
    realtime: config.redisUrl ? 'redis' : 'in-process',
    env: config.appEnv,
    url: `http://localhost:${server.port}`,
  });
  const jobs = await startJobs(running.deps);

  let stopping = false;
  // OPS-7: the order matters. Sockets' close handlers do presence and routing work, so they run
  // while the jobs, Redis and the database are still up; each step waits for the one before.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('server.stopping', { signal });
    try {
      await running.drain(); // readyz 503, stop accepting, finish requests (≤ 10 s), close sockets
      await jobs.stop(); // let running sweeper ticks finish and hand the leader lease back
      await running.close(); // remove this instance's presence entries, close Redis
      await security.close();
      await db.destroy();
    } catch (error) {
      log.error('server.stop_failed', { error });
      process.exit(1);
    }
    log.info('server.stopped', {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

await main();

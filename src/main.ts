import { createApp } from './app.tsx';
import { ConfigError, loadConfig } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Deps } from './deps.ts';
import { startJobs } from './jobs/start-jobs.ts';
import { bootstrap } from './ops/bootstrap.ts';
import { memoryPresence } from './realtime/presence.ts';
import { memoryPublisher } from './realtime/publisher.ts';
import { systemClock } from './shared/clock.ts';
import { timeOrderedIds } from './shared/ids.ts';
import { jsonLogger } from './shared/log.ts';

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
  const db = await connectDatabase(config.databaseUrl);
  const applied = await migrateToLatest(db);
  if (applied.length > 0) log.info('migrations.applied', { migrations: applied });
  if (config.databaseUrlIsDefault) log.info('database.embedded_sqlite', { url: config.databaseUrl });

  const deps: Deps = {
    config,
    db,
    clock: systemClock,
    ids: timeOrderedIds(),
    log,
    // Replaced by the Bun/Redis publisher and shared presence when the realtime hub starts.
    publisher: memoryPublisher(),
    presence: memoryPresence(),
  };
  await bootstrap(deps);

  const app = createApp(deps);
  const server = Bun.serve({ port: config.port, fetch: app.fetch, idleTimeout: 60 });
  log.info('server.started', {
    port: server.port,
    env: config.appEnv,
    url: `http://localhost:${server.port}`,
  });
  const jobs = await startJobs(deps);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('server.stopping', { signal });
    await server.stop(false); // stop accepting; let in-flight requests finish
    await jobs.stop(); // let running sweeper ticks finish and hand the leader lease back
    await db.destroy();
    log.info('server.stopped', {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

await main();

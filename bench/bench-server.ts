import { existsSync } from 'node:fs';
import { createAiAgent } from '../src/ai/ai-agent.service.ts';
import { insertSession } from '../src/auth/sessions.queries.ts';
import { findUserById, insertUser } from '../src/auth/users.queries.ts';
import { loadConfig } from '../src/config.ts';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import type { Db } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { memoryPresence } from '../src/events/presence.ts';
import { memoryPublisher } from '../src/events/publisher.ts';
import { groupCommitWriter } from '../src/messages/message-writer.ts';
import { secretBox } from '../src/security/secret-box.ts';
import { makeSecurityDeps } from '../src/security/security-deps.ts';
import { startServer } from '../src/server.ts';
import { systemClock } from '../src/shared/clock.ts';
import { hashToken, randomToken, timeOrderedIds } from '../src/shared/ids.ts';
import { jsonLogger } from '../src/shared/log.ts';
import { systemTimers } from '../src/shared/timers.ts';
import { noGeoLookup } from '../src/visitors/geo-ip.ts';

/**
 * The app on a real Bun.serve over the bench's database, as `npm start` wires it but without the
 * jobs (no sweeper changes the dataset while it is timed) and without Redis: one instance.
 */
export async function benchServer(db: Db): Promise<{ url: string; stop: () => Promise<void> }> {
  const base = {
    config: loadConfig({ APP_ENV: 'test', TRUSTED_PROXIES: '127.0.0.1' }),
    db,
    clock: systemClock,
    log: jsonLogger('error'),
  };
  const security = await makeSecurityDeps(base, { redisUrl: '' });
  const deps: Deps = {
    ...base,
    ids: timeOrderedIds(),
    publisher: memoryPublisher(),
    presence: memoryPresence(),
    blocks: security.blocks,
    counters: security.counters,
    messageWriter: groupCommitWriter(db),
    secrets: secretBox(randomToken()),
    aiAgent: createAiAgent({ timers: systemTimers }),
    geo: noGeoLookup,
  };
  const running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
  return {
    url: `http://127.0.0.1:${running.server.port}`,
    stop: async () => {
      await running.stop();
    },
  };
}

/** The benches' admin: created in the dataset once, reused by every run. */
export const BENCH_ADMIN_ID = 'BENCHADMIN'.padEnd(26, '0');

export async function ensureBenchAdmin(db: Db): Promise<void> {
  if (await findUserById(db, BENCH_ADMIN_ID)) return;
  await insertUser(db, {
    id: BENCH_ADMIN_ID,
    email: 'bench-admin@bench.test',
    displayName: 'Bench admin',
    passwordHash: 'x',
    role: 'admin',
    now: new Date().toISOString(),
  });
}

/** A day-long session for a staff member of the dataset, as the `Cookie` header value. */
export async function staffCookie(db: Db, userId: string): Promise<string> {
  const token = crypto.randomUUID();
  await insertSession(db, {
    id: `S${crypto.randomUUID().replaceAll('-', '').slice(0, 25).toUpperCase()}`,
    userId,
    tokenHash: hashToken(token),
    ip: null,
    userAgent: null,
    now: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  return `sid=${token}`;
}

/**
 * The `npm run seed:large` dataset a list part times (DB), migrated to the latest schema first (a
 * file seeded before the newest migrations gets them, and their backfills, before any timing), and
 * the samples per case (RUNS).
 */
export async function openDataset() {
  const path = process.env.DB ?? '/tmp/livechat-large.sqlite';
  if (!existsSync(path)) throw new Error(`${path} not found: run \`npm run seed:large\` first`);
  const raw = openSqlite(path);
  const db = sqliteKysely(raw);
  await migrateToLatest(db);
  const count = (query: string) => Number((raw.query(query).get() as { n: number }).n);
  return { path, raw, db, count, runs: Number(process.env.RUNS ?? 50) };
}

/**
 * A fresh documentation-range address per call (198.18.0.0/15, 131,072 of them), sent as
 * X-Forwarded-For to a server that trusts 127.0.0.1: many visitors, none of them rate limited.
 */
export function addressSource(): () => string {
  let next = 0;
  return () => {
    next++;
    return `198.${18 + ((next >> 16) & 1)}.${(next >> 8) & 255}.${next & 255}`;
  };
}

import { afterAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { openSqlite, sqliteKysely } from '../../../src/db/connect.ts';
import type { Database, Db } from '../../../src/db/database.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { closeConversation } from '../../../src/routing/lifecycle.service.ts';
import { updateAgentLimits } from '../../../src/routing/routing.queries.ts';
import { drainQueue, routeConversation } from '../../../src/routing/routing.service.ts';
import { makeTestDeps, type TestDeps } from '../../support/make-app.ts';
import { freshPostgres, postgresUrl } from '../../support/test-db.ts';
import { activeCounts, chatMaker, onlineAgent } from './routing-fixtures.ts';

/** Two "instances": separate Deps and connection pools on one database, sharing presence (as Redis). */
interface TwoInstances {
  a: TestDeps;
  b: TestDeps;
  dispose(): Promise<void>;
}

async function instancesOn(dbA: Db, dbB: Db, dispose: () => Promise<void>): Promise<TwoInstances> {
  const a = await makeTestDeps({ db: dbA });
  const b = await makeTestDeps({ db: dbB });
  b.presence = a.presence;
  b.clock = a.clock;
  return { a, b, dispose };
}

const backends: Array<{ name: string; open(): Promise<TwoInstances> }> = [
  {
    name: 'SQLite, two connections to one file',
    async open() {
      const path = join(tmpdir(), `route-${crypto.randomUUID()}.sqlite`);
      const dbA = sqliteKysely(openSqlite(path));
      await migrateToLatest(dbA);
      const dbB = sqliteKysely(openSqlite(path));
      return instancesOn(dbA, dbB, async () => {
        await dbA.destroy();
        await dbB.destroy();
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      });
    },
  },
  ...(postgresUrl !== undefined
    ? [
        {
          name: 'PostgreSQL, two pools on one schema',
          async open() {
            const url = postgresUrl ?? '';
            const first = await freshPostgres(url);
            const pool = new pg.Pool({
              connectionString: url,
              max: 10,
              options: `-c search_path=${first.schema}`,
            });
            const dbB = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
            return instancesOn(first.db, dbB, async () => {
              await dbB.destroy();
              await first.dispose();
            });
          },
        },
      ]
    : []),
];

const queuedInOrder = async (deps: TestDeps) =>
  (
    await deps.db
      .selectFrom('conversations')
      .select('id')
      .where('status', '=', 'unassigned')
      .orderBy('queued_at')
      .orderBy('id')
      .execute()
  ).map((row) => row.id);

const heldBy = async (deps: TestDeps, ids: string[]) =>
  (
    await deps.db.selectFrom('conversations').select(['id', 'assignee_id']).where('id', 'in', ids).execute()
  ).map((row) => row.assignee_id);

for (const backend of backends) {
  describe(`concurrent chat starts on ${backend.name} (ROUTE-3, ROUTE-4)`, () => {
    let instances: TwoInstances | undefined;
    afterAll(async () => instances?.dispose());

    test('200 starts at 2 instances, 5 agents of limit 3: 15 assigned, none over, 185 queued; then drain oldest-first', async () => {
      instances = await backend.open();
      const { a, b } = instances;
      const agents = [];
      for (let i = 0; i < 5; i++) agents.push(await onlineAgent(a, { activeLimit: 3 }));
      const make = await chatMaker(a);
      const chats = [];
      for (let i = 0; i < 200; i++) chats.push(await make());

      const started = performance.now();
      const results = await Promise.all(
        chats.map((chat, i) => routeConversation(i % 2 === 0 ? a : b, chat.id)),
      );
      const elapsed = performance.now() - started;
      console.log(`[concurrency] ${backend.name}: 200 concurrent starts routed in ${elapsed.toFixed(0)} ms`);

      expect(results.filter((r) => r.ok)).toHaveLength(15);
      expect(results.filter((r) => !r.ok && r.code === 'queued')).toHaveLength(185);
      expect(await activeCounts(a)).toEqual(Object.fromEntries(agents.map((agent) => [agent.id, 3])));
      const queue = await queuedInOrder(a);
      expect(queue).toHaveLength(185);
      // Every success names the agent the database holds: no chat was assigned twice.
      for (const [i, result] of results.entries()) {
        if (result.ok) expect(await heldBy(a, [chats[i]?.id ?? ''])).toEqual([result.value.assigneeId]);
      }

      // A sixth agent comes online: the three oldest waiting chats go to them.
      const newcomer = await onlineAgent(b, { activeLimit: 3 });
      expect(await drainQueue(b, { freedAgentId: newcomer.id })).toEqual({ assigned: 3 });
      expect(await heldBy(a, queue.slice(0, 3))).toEqual([newcomer.id, newcomer.id, newcomer.id]);

      // An agent closes two chats: each freed slot takes the next oldest.
      const first = agents[0];
      if (!first) throw new Error('no agent');
      const theirs = await a.db
        .selectFrom('conversations')
        .select('id')
        .where('assignee_id', '=', first.id)
        .execute();
      for (const chat of theirs.slice(0, 2)) {
        expect((await closeConversation(a, { conversationId: chat.id, actorId: first.id })).ok).toBe(true);
      }
      expect(await heldBy(a, queue.slice(3, 5))).toEqual([first.id, first.id]);

      // Every limit is raised by 2 at once, and both instances drain concurrently.
      for (const agent of [...agents, newcomer]) {
        await updateAgentLimits(
          a.db,
          agent.id,
          { activeLimit: 5, offlineLimit: 10 },
          '2026-11-23T10:00:00.000Z',
        );
      }
      const drains = await Promise.all([drainQueue(a), drainQueue(b)]);
      const counts = await activeCounts(a);
      expect(Object.values(counts)).toEqual([5, 5, 5, 5, 5, 5]);
      expect(drains[0].assigned + drains[1].assigned).toBeGreaterThanOrEqual(12);
      const remaining = await queuedInOrder(a);
      expect(remaining).toEqual(queue.slice(5 + 12));
    }, 30_000); // a few seconds alone; room for a shared 2-core machine
  });
}

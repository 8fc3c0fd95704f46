import { describe, expect, test } from 'bun:test';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../../migrations/index.ts';
import { openSqlite, sqliteKysely } from '../../../src/db/connect.ts';
import type { Db } from '../../../src/db/database.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeConversation, makeLead, makeProject } from '../../support/factories.ts';
import { freshPostgres, postgresUrl } from '../../support/test-db.ts';

/**
 * The daily tallies (migration 202612053000, ADR 0050) against a GROUP BY of the rows themselves,
 * after inserts, stage moves, value changes and deletes written straight to the tables, as an
 * import or a DBA would write them: the triggers, not the application, keep them.
 */
type Tally = {
  day: string;
  project_id: string;
  campaign: string;
  chats: number;
  leads: number;
  qualified: number;
  not_qualified: number;
  converted: number;
  converted_value: number;
};

async function tallies(db: Db): Promise<Tally[]> {
  const rows = await db.selectFrom('daily_tallies').selectAll().execute();
  return rows
    .map((row) => ({
      day: row.day,
      project_id: row.project_id,
      campaign: row.campaign,
      chats: Number(row.chats),
      leads: Number(row.leads),
      qualified: Number(row.qualified),
      not_qualified: Number(row.not_qualified),
      converted: Number(row.converted),
      converted_value: Number(row.converted_value),
    }))
    .filter((row) =>
      Object.entries(row).some(([key, value]) => typeof value === 'number' && value !== 0 && key),
    )
    .sort((a, b) =>
      `${a.day}${a.project_id}${a.campaign}`.localeCompare(`${b.day}${b.project_id}${b.campaign}`),
    );
}

/** What the tallies must equal: the rows, grouped in TypeScript. */
async function recount(db: Db): Promise<Tally[]> {
  const campaigns = new Map(
    (await db.selectFrom('attributions').select(['id', 'utm_campaign']).execute()).map((a) => [
      a.id,
      a.utm_campaign ?? '',
    ]),
  );
  const byKey = new Map<string, Tally>();
  const at = (day: string, projectId: string, attributionId: string | null) => {
    const campaign = (attributionId && campaigns.get(attributionId)) || '';
    const key = `${day}${projectId}${campaign}`;
    let tally = byKey.get(key);
    if (!tally) {
      tally = {
        day,
        project_id: projectId,
        campaign,
        chats: 0,
        leads: 0,
        qualified: 0,
        not_qualified: 0,
        converted: 0,
        converted_value: 0,
      };
      byKey.set(key, tally);
    }
    return tally;
  };
  for (const chat of await db.selectFrom('conversations').selectAll().execute()) {
    const tally = at(chat.created_at.slice(0, 10), chat.project_id, chat.attribution_id);
    tally.chats++;
    if (chat.lead_stage === 'qualified') tally.qualified++;
    if (chat.lead_stage === 'not_qualified') tally.not_qualified++;
    if (chat.lead_stage === 'converted') {
      tally.converted++;
      tally.converted_value += Number(chat.conversion_value ?? 0);
    }
  }
  for (const lead of await db.selectFrom('leads').selectAll().execute()) {
    at(lead.created_at.slice(0, 10), lead.project_id ?? '', lead.attribution_id).leads++;
  }
  return [...byKey.values()].sort((a, b) =>
    `${a.day}${a.project_id}${a.campaign}`.localeCompare(`${b.day}${b.project_id}${b.campaign}`),
  );
}

async function touch(db: Db, id: string, campaign: string | null) {
  await db
    .insertInto('attributions')
    .values({ id, utm_campaign: campaign, created_at: '2026-11-20T08:00:00.000Z' })
    .execute();
  return id;
}

describeEachDialect('daily tallies (ADMIN-1, PERF-2)', (fresh) => {
  test('inserts, stage moves, value changes, moves between days and deletes keep them equal to the rows', async () => {
    const { db } = await fresh();
    const alpha = await makeProject(db, { title: 'Alpha' });
    const beta = await makeProject(db, { title: 'Beta' });
    const spring = await touch(db, 'ATTRSPRING0000000000000001', 'spring');
    const none = await touch(db, 'ATTRNONE000000000000000001', null);

    const first = await makeConversation(db, {
      project_id: alpha.id,
      attribution_id: spring,
      created_at: '2026-11-20T23:59:59.999Z',
    });
    const second = await makeConversation(db, {
      project_id: alpha.id,
      attribution_id: spring,
      created_at: '2026-11-20T10:00:00.000Z',
      lead_stage: 'converted',
      conversion_value: '99.50',
    });
    const third = await makeConversation(db, {
      project_id: beta.id,
      attribution_id: none,
      created_at: '2026-11-21T00:00:00.000Z',
    });
    await makeLead(db, {
      project_id: alpha.id,
      attribution_id: spring,
      created_at: '2026-11-20T12:00:00.000Z',
    });
    await makeLead(db, { project_id: null, created_at: '2026-11-21T12:00:00.000Z' });
    expect(await tallies(db)).toEqual(await recount(db));
    expect((await tallies(db)).find((t) => t.project_id === alpha.id)).toEqual({
      day: '2026-11-20',
      project_id: alpha.id,
      campaign: 'spring',
      chats: 2,
      leads: 1,
      qualified: 0,
      not_qualified: 0,
      converted: 1,
      converted_value: 99.5,
    });

    // Stage moves, a new value, and leaving converted (its value stays on the row but not in the tally).
    await db
      .updateTable('conversations')
      .set({ lead_stage: 'qualified' })
      .where('id', '=', first.id)
      .execute();
    await db
      .updateTable('conversations')
      .set({ lead_stage: 'converted', conversion_value: '20.25' })
      .where('id', '=', first.id)
      .execute();
    await db
      .updateTable('conversations')
      .set({ lead_stage: 'not_qualified' })
      .where('id', '=', second.id)
      .execute();
    await db
      .updateTable('conversations')
      .set({ conversion_value: '30.00' })
      .where('id', '=', first.id)
      .execute();
    // Writes that touch no tallied column change nothing (every message moves last_message_at).
    await db.updateTable('conversations').set({ last_message_at: '2026-11-22T00:00:00.000Z' }).execute();
    await db
      .updateTable('conversations')
      .set({ attribution_id: spring })
      .where('id', '=', third.id)
      .execute();
    expect(await tallies(db)).toEqual(await recount(db));
    expect(
      (await tallies(db))
        .filter((t) => t.campaign === 'spring')
        .map((t) => [t.day, t.converted, t.converted_value]),
    ).toEqual([
      ['2026-11-20', 1, 30],
      ['2026-11-21', 0, 0],
    ]);

    await db.deleteFrom('conversations').where('id', '=', second.id).execute();
    await db.deleteFrom('leads').where('project_id', 'is', null).execute();
    expect(await tallies(db)).toEqual(await recount(db));
  });

  test('many writes in one statement are tallied as their rows', async () => {
    const { db } = await fresh();
    const project = await makeProject(db);
    for (let i = 0; i < 30; i++) {
      await makeConversation(db, {
        project_id: project.id,
        created_at: `2026-11-${String(10 + (i % 5)).padStart(2, '0')}T10:00:00.000Z`,
      });
    }
    await db
      .updateTable('conversations')
      .set({ lead_stage: 'converted', conversion_value: '10.00' })
      .where('created_at', '<', '2026-11-12')
      .execute();
    expect(await tallies(db)).toEqual(await recount(db));
    expect((await tallies(db)).map((t) => [t.day, t.chats, t.converted, t.converted_value])).toEqual([
      ['2026-11-10', 6, 6, 60],
      ['2026-11-11', 6, 6, 60],
      ['2026-11-12', 6, 0, 0],
      ['2026-11-13', 6, 0, 0],
      ['2026-11-14', 6, 0, 0],
    ]);
  });
});

const NAME = '202612053000_create_daily_tallies';

/** The rows written before the migration are tallied by it, and the triggers take over after. */
async function backfills(db: Db, schema?: string) {
  const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < NAME));
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => before },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  const project = await makeProject(db);
  const spring = await touch(db, 'ATTRSPRING0000000000000001', 'spring');
  for (let i = 0; i < 12; i++) {
    await makeConversation(db, {
      project_id: project.id,
      attribution_id: i % 3 === 0 ? spring : null,
      created_at: `2026-11-${String(10 + (i % 4)).padStart(2, '0')}T10:00:00.000Z`,
      lead_stage: i % 2 === 0 ? 'converted' : 'new',
      conversion_value: i % 2 === 0 ? '12.50' : null,
    });
    await makeLead(db, { project_id: project.id, created_at: '2026-11-12T09:00:00.000Z' });
  }
  await migrateToLatest(db, { schema });
  expect(await tallies(db)).toEqual(await recount(db));
  expect((await tallies(db)).reduce((sum, t) => sum + t.converted_value, 0)).toBe(75);
  await db.updateTable('conversations').set({ lead_stage: 'qualified' }).execute();
  expect(await tallies(db)).toEqual(await recount(db));
}

describe('the daily tallies migration', () => {
  test('on sqlite: backfills what is there, then the triggers keep it', async () => {
    const db = sqliteKysely(openSqlite(':memory:'));
    try {
      await backfills(db);
    } finally {
      await db.destroy();
    }
  });
  test.if(Boolean(postgresUrl))(
    'on postgres: backfills what is there, then the triggers keep it',
    async () => {
      const database = await freshPostgres(postgresUrl ?? '', { migrate: false });
      try {
        await backfills(database.db, database.schema);
      } finally {
        await database.dispose();
      }
    },
  );
});

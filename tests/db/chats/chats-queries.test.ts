import { expect, test } from 'bun:test';
import { countChatsByStage, countChatsByStatus, listChatsPage } from '../../../src/chats/chats.queries.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeConversation, makeProject } from '../../support/factories.ts';

/** The Chats table queries on every dialect: keyset paging, filters, capped counts (ADMIN-2). */
describeEachDialect(`chats table queries`, (fresh) => {
  async function seed() {
    const { db } = await fresh();
    const project = await makeProject(db);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const row = await makeConversation(db, {
        project_id: project.id,
        status: i % 2 === 0 ? 'unassigned' : 'closed',
        visitor_name: i === 3 ? 'Zoë 100%_Real' : `Visitor ${i}`,
        lead_stage: i < 2 ? 'qualified' : 'new',
        // Two chats share a start time: the id breaks the tie in the keyset.
        created_at: `2026-11-2${Math.min(i, 5)}T10:00:00.000Z`,
      });
      ids.push(row.id);
    }
    return { db, ids };
  }

  test('keyset pages walk every row once, newest first, ties broken by id', async () => {
    const { db, ids } = await seed();
    const seen: string[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listChatsPage(db, { status: 'all' }, after, 3);
      seen.push(...page.rows.map((r) => r.id));
      const last = page.rows.at(-1);
      if (!page.hasMore || !last) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen[6]).toBe(ids[0]);
  });

  test('search by the beginning, wildcards literal; status, stage and range filter; counts are capped', async () => {
    const { db, ids } = await seed();
    const names = async (search: string) =>
      (await listChatsPage(db, { status: 'all', search }, undefined, 10)).rows.map((r) => r.visitorName);
    expect(await names('ZOË 100%_r')).toEqual(['Zoë 100%_Real']);
    // A key range, not LIKE: "%" and "_" are characters, and a middle fragment is no beginning.
    for (const search of ['%', '_', 'zo_', '100%_r'])
      expect({ search, found: await names(search) }).toEqual({ search, found: [] });
    const closedQualified = await listChatsPage(db, { status: 'closed', stage: 'qualified' }, undefined, 10);
    expect(closedQualified.rows.map((r) => r.id)).toEqual([ids[1] ?? 'missing']);
    expect(await countChatsByStatus(db, {}, 100)).toEqual({
      unassigned: 4,
      active: 0,
      offline: 0,
      closed: 3,
    });
    expect(await countChatsByStatus(db, {}, 2)).toEqual({
      unassigned: 2,
      active: 0,
      offline: 0,
      closed: 2,
    });
    const ranged = { from: '2026-11-22T00:00:00.000Z', to: '2026-11-23T23:59:59.999Z' };
    expect(await countChatsByStage(db, ranged, 10_000)).toEqual([
      { stage: 'new', count: 2 },
      { stage: 'qualified', count: 0 },
      { stage: 'not_qualified', count: 0 },
      { stage: 'converted', count: 0 },
    ]);
    // Each stage is counted up to the cap, like the status pills.
    expect((await countChatsByStage(db, ranged, 1))[0]).toEqual({ stage: 'new', count: 1 });
  });
});

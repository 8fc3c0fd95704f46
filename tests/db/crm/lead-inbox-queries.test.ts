import { expect, test } from 'bun:test';
import type { LeadFilters, LeadScope } from '../../../src/crm/lead.ts';
import { filtered, rangeUseOf } from '../../../src/crm/lead-filter.queries.ts';
import { countLeadsBySource, listLeadsPage } from '../../../src/crm/leads.queries.ts';
import type { KeysetCursor } from '../../../src/shared/keyset-cursor.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeLead, makeProject } from '../../support/factories.ts';

/** The lead inbox queries on every dialect (CRM-1, CRM-4, ADR 0016): the same rows everywhere. */
describeEachDialect('lead inbox queries', (fresh) => {
  const today = '2026-11-23';
  const all: LeadScope = { kind: 'all' };

  async function seed() {
    const { db, deps } = await fresh();
    const project = await makeProject(db);
    const other = await makeProject(db);
    const agent = deps.ids.next();
    await db
      .insertInto('users')
      .values({
        id: agent,
        email: 'a@x.test',
        display_name: 'Agent',
        password_hash: 'x',
        role: 'agent',
        created_at: '2026-11-01T00:00:00.000Z',
        updated_at: '2026-11-01T00:00:00.000Z',
      })
      .execute();
    const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;
    const rows = {
      ada: await makeLead(db, {
        source: 'chat',
        project_id: project.id,
        name: 'Ada Lovelace',
        phone: '+447911123456',
        email: 'ada@example.com',
        assignee_id: agent,
        created_at: at(20),
      }),
      zoe: await makeLead(db, {
        source: 'web',
        project_id: project.id,
        name: 'Zoë Ünal',
        phone: '+12015550123',
        stage: 'qualified',
        created_at: at(21),
        follow_up_on: '2026-11-22',
      }),
      tie1: await makeLead(db, {
        source: 'csv',
        project_id: other.id,
        name: 'Alan Turing',
        email: 'alan@bletchley.uk',
        created_at: at(22),
        follow_up_on: today,
      }),
      tie2: await makeLead(db, {
        source: 'sheet',
        project_id: other.id,
        name: 'Katherine Johnson',
        stage: 'converted',
        created_at: at(22),
        follow_up_on: '2026-11-27',
      }),
    };
    return { db, agent, project, rows };
  }

  const ids = (page: { rows: Array<{ id: string }> }) => page.rows.map((r) => r.id);

  test('every filter and search returns the same leads, newest first', async () => {
    const { db, agent, project, rows } = await seed();
    const list = (filters: Omit<LeadFilters, 'today'>, scope: LeadScope = all) =>
      listLeadsPage(db, scope, { ...filters, today }, undefined, 25).then(ids);
    // Equal start times: the id breaks the tie, newest first.
    const ties = [rows.tie1.id, rows.tie2.id].sort().reverse();
    expect(await list({})).toEqual([...ties, rows.zoe.id, rows.ada.id]);
    expect(await list({ source: 'web' })).toEqual([rows.zoe.id]);
    expect(await list({ stage: 'converted' })).toEqual([rows.tie2.id]);
    expect(await list({ assigneeId: agent })).toEqual([rows.ada.id]);
    expect((await list({ assigneeId: 'none' })).sort()).toEqual(
      [rows.zoe.id, rows.tie1.id, rows.tie2.id].sort(),
    );
    expect(await list({ projectId: project.id })).toEqual([rows.zoe.id, rows.ada.id]);
    expect(await list({ from: '2026-11-21T00:00:00.000Z', to: '2026-11-21T23:59:59.999Z' })).toEqual([
      rows.zoe.id,
    ]);
    expect(await list({ followUp: 'overdue' })).toEqual([rows.zoe.id]);
    expect(await list({ followUp: 'today' })).toEqual([rows.tie1.id]);
    expect(await list({ followUp: 'none' })).toEqual([rows.ada.id]);
    expect(await list({ search: '+1 (201) 555-0123' })).toEqual([rows.zoe.id]);
    expect(await list({ search: '07911 123456' })).toEqual([rows.ada.id]);
    expect(await list({ search: 'ALAN@Bl' })).toEqual([rows.tie1.id]);
    expect(await list({ search: 'zoë ü' })).toEqual([rows.zoe.id]);
    expect(await list({ search: 'kath' })).toEqual([rows.tie2.id]);
    // An agent sees their own, or (as a choice) the unassigned ones; never another's.
    expect(await list({}, { kind: 'agent', agentId: agent })).toEqual([rows.ada.id]);
    expect((await list({ assigneeId: 'none' }, { kind: 'agent', agentId: agent })).length).toBe(3);
  });

  test('keyset pages with equal timestamps walk every lead once; counts are per source and capped', async () => {
    const { db } = await seed();
    const seen: string[] = [];
    let after: KeysetCursor | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listLeadsPage(db, all, { today }, after, 1);
      seen.push(...ids(page));
      const last = page.rows.at(-1);
      if (!page.hasMore || !last) break;
      after = { at: last.createdAt, id: last.id };
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect(await countLeadsBySource(db, all, { today }, 10_000)).toEqual({
      chat: 1,
      web: 1,
      csv: 1,
      sheet: 1,
    });
    expect(await countLeadsBySource(db, all, { today, stage: 'new' }, 10_000)).toEqual({
      chat: 1,
      web: 0,
      csv: 1,
      sheet: 0,
    });
    await makeLead(db, { source: 'web' });
    await makeLead(db, { source: 'web' });
    expect((await countLeadsBySource(db, all, { today }, 2)).web).toBe(2);
  });

  test('pages of a date range keep both its ends, whether the cursor is inside the range or after it', async () => {
    const { db, rows } = await seed();
    const range = { today, from: '2026-11-21T00:00:00.000Z', to: '2026-11-22T23:59:59.999Z' };
    const seen: string[] = [];
    let after: KeysetCursor | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listLeadsPage(db, all, range, after, 1);
      seen.push(...ids(page));
      const last = page.rows.at(-1);
      if (!page.hasMore || !last) break;
      after = { at: last.createdAt, id: last.id };
    }
    const ties = [rows.tie1.id, rows.tie2.id].sort().reverse();
    expect(seen).toEqual([...ties, rows.zoe.id]);
    // A cursor newer than the range (a link kept from before the filter changed) still stops at `to`.
    const later = { at: '2026-11-30T00:00:00.000Z', id: 'Z'.repeat(26) };
    expect(
      ids(await listLeadsPage(db, all, { ...range, to: '2026-11-21T23:59:59.999Z' }, later, 25)),
    ).toEqual([rows.zoe.id]);
  });
  test('counts under a search, a follow-up filter or agent + stage are exact per source (ADR 0052)', async () => {
    const { db, agent } = await seed();
    const count = (filters: Omit<LeadFilters, 'today'>) =>
      countLeadsBySource(db, all, { ...filters, today }, 10_000);
    await makeLead(db, { source: 'web', name: 'Ada Byron', stage: 'qualified', assignee_id: agent });
    await makeLead(db, { source: 'web', name: 'Zed', stage: 'qualified', assignee_id: agent });
    expect(await count({ search: 'ada' })).toEqual({ chat: 1, web: 1, csv: 0, sheet: 0 });
    expect(await count({ search: '+44 7911 123456' })).toEqual({ chat: 1, web: 0, csv: 0, sheet: 0 });
    expect(await count({ search: 'alan@' })).toEqual({ chat: 0, web: 0, csv: 1, sheet: 0 });
    expect(await count({ followUp: 'overdue' })).toEqual({ chat: 0, web: 1, csv: 0, sheet: 0 });
    expect(await count({ followUp: 'week' })).toEqual({ chat: 0, web: 0, csv: 1, sheet: 1 });
    expect(await count({ followUp: 'none' })).toEqual({ chat: 1, web: 2, csv: 0, sheet: 0 });
    expect(await count({ assigneeId: agent, stage: 'qualified' })).toEqual({
      chat: 0,
      web: 2,
      csv: 0,
      sheet: 0,
    });
    expect(await count({ assigneeId: agent, stage: 'new' })).toEqual({ chat: 1, web: 0, csv: 0, sheet: 0 });
    expect((await countLeadsBySource(db, all, { today, assigneeId: agent, stage: 'qualified' }, 1)).web).toBe(
      1,
    );
  });

  test('a range filter finds the same leads sought or walked; a tab walks once its matches reach the limit', async () => {
    const { db, rows } = await seed();
    const both = async (filters: Omit<LeadFilters, 'source'>, source: string) => {
      const read = (use: 'seek' | 'filter') =>
        filtered(db, all, filters, use)
          .select('leads.id')
          .where('leads.source', '=', source)
          .orderBy('leads.created_at', 'desc')
          .orderBy('leads.id', 'desc')
          .execute()
          .then((found) => found.map((row) => row.id));
      const [sought, walked] = await Promise.all([read('seek'), read('filter')]);
      expect(walked).toEqual(sought);
      return sought;
    };
    expect(await both({ today, followUp: 'overdue' }, 'web')).toEqual([rows.zoe.id]);
    expect(await both({ today, followUp: 'overdue' }, 'chat')).toEqual([]);
    expect(await both({ today, followUp: 'week' }, 'sheet')).toEqual([rows.tie2.id]);
    expect(await both({ today, search: 'zoë' }, 'web')).toEqual([rows.zoe.id]);
    expect(await both({ today, search: '123456' }, 'chat')).toEqual([rows.ada.id]);
    expect(await both({ today, search: 'alan@b' }, 'csv')).toEqual([rows.tie1.id]);
    await makeLead(db, { source: 'web', name: 'Zoe Two', follow_up_on: '2026-11-01' });
    const tab = { source: 'web', today, followUp: 'overdue' } as const;
    expect(await rangeUseOf(db, tab, 2)).toBe('filter');
    expect(await rangeUseOf(db, tab, 3)).toBe('seek');
    expect(await rangeUseOf(db, { ...tab, followUp: undefined, search: 'zoe t' }, 2)).toBe('seek');
    // The All tab always seeks: no tab index competes with the range's own.
    expect(await rangeUseOf(db, { ...tab, source: undefined }, 1)).toBe('seek');
  });
});

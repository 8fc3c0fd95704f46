import { expect, test } from 'bun:test';
import type { LeadFilters, LeadScope } from '../../../src/crm/lead.ts';
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
});

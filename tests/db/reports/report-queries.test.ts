import { expect, test } from 'bun:test';
import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import { loadCrmAnalytics } from '../../../src/reports/analytics.service.ts';
import {
  COMBINED_COUNT_CAP,
  countCapFor,
  REPORT_COUNT_CAP,
  REPORT_SLUGS,
} from '../../../src/reports/report.ts';
import { countReportRows, listReportRows } from '../../../src/reports/reports.queries.ts';
import { reportRowsForExport } from '../../../src/reports/reports.service.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeConversation, makeMessage, makeProject, makeVisitor } from '../../support/factories.ts';
import { sqlitePlans } from '../../support/query-plans.ts';
import { freshSqlite } from '../../support/test-db.ts';

const SAME = '2026-11-23T10:00:00.000Z';

describeEachDialect('report keyset pages (REP-1)', (fresh) => {
  test('rows with equal start times page in a stable order: every row once, id descending', async () => {
    const { db } = await fresh();
    const project = await makeProject(db);
    const visitor = await makeVisitor(db, { project_id: project.id });
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      const row = await makeConversation(db, {
        project_id: project.id,
        visitor_id: visitor.id,
        created_at: SAME,
      });
      made.push(row.id);
    }
    // One newer and one older chat around the tie.
    const newer = await makeConversation(db, {
      project_id: project.id,
      visitor_id: visitor.id,
      created_at: '2026-11-24T00:00:00.000Z',
    });
    const older = await makeConversation(db, {
      project_id: project.id,
      visitor_id: visitor.id,
      created_at: '2026-11-01T00:00:00.000Z',
    });
    const expected = [newer.id, ...[...made].sort().reverse(), older.id];
    for (const slug of REPORT_SLUGS) {
      const seen: string[] = [];
      let after: { at: string; id: string } | undefined;
      for (;;) {
        const rows = await listReportRows(db, slug, {}, after, 5);
        seen.push(...rows.map((r) => r.id));
        const last = rows.at(-1);
        if (rows.length < 5 || !last) break;
        after = { at: last.createdAt, id: last.id };
      }
      expect({ slug, seen }).toEqual({ slug, seen: expected });
    }
    const exported: string[] = [];
    for await (const row of reportRowsForExport(db, 'chat-data', {}, 4)) exported.push(row.id);
    expect(exported).toEqual(expected);
    expect(await countReportRows(db, {}, 10)).toBe(10);
    expect(await countReportRows(db, {}, 1000)).toBe(25);
    expect(
      await countReportRows(db, { from: '2026-11-23T00:00:00.000Z', to: '2026-11-23T23:59:59.999Z' }, 1000),
    ).toBe(23);
  });

  test('after a cursor the range still ends at `to`, even for a cursor from beyond it', async () => {
    const { db } = await fresh();
    const project = await makeProject(db);
    const visitor = await makeVisitor(db, { project_id: project.id });
    const make = (at: string) =>
      makeConversation(db, { project_id: project.id, visitor_id: visitor.id, created_at: at });
    await make('2026-11-25T00:00:00.000Z');
    const inside = await make('2026-11-20T00:00:00.000Z');
    const early = await make('2026-11-10T00:00:00.000Z');
    const to = '2026-11-21T00:00:00.000Z';
    const beyond = { at: '2026-11-30T00:00:00.000Z', id: 'ZZZZ' };
    const ids = async (filters: object, after: { at: string; id: string }) =>
      (await listReportRows(db, 'chat-data', filters, after, 10)).map((r) => r.id);
    expect(await ids({ to }, beyond)).toEqual([inside.id, early.id]);
    expect(
      await ids({ to, from: '2026-11-01T00:00:00.000Z' }, { at: inside.created_at, id: inside.id }),
    ).toEqual([early.id]);
  });

  test('agent and stage over a range: after a cursor the page still stops at `from`', async () => {
    const { db } = await fresh();
    const project = await makeProject(db);
    const visitor = await makeVisitor(db, { project_id: project.id });
    const make = (at: string, overrides: { lead_stage?: string } = {}) =>
      makeConversation(db, {
        project_id: project.id,
        visitor_id: visitor.id,
        created_at: at,
        assignee_id: AI_AGENT_ID,
        lead_stage: 'qualified',
        status: 'active',
        ...overrides,
      });
    const newest = await make('2026-11-25T00:00:00.000Z');
    const inside = await make('2026-11-20T00:00:00.000Z');
    await make('2026-11-18T00:00:00.000Z', { lead_stage: 'new' });
    await make('2026-11-05T00:00:00.000Z'); // before `from`
    const filters = { agentId: AI_AGENT_ID, stage: 'qualified' as const, from: '2026-11-10T00:00:00.000Z' };
    const ids = async (after?: { at: string; id: string }) =>
      (await listReportRows(db, 'chat-data', filters, after, 10)).map((r) => r.id);
    expect(await ids()).toEqual([newest.id, inside.id]);
    expect(await ids({ at: newest.created_at, id: newest.id })).toEqual([inside.id]);
    expect(await ids({ at: inside.created_at, id: inside.id })).toEqual([]);
    expect(await countReportRows(db, filters, 1000)).toBe(2);
  });

  test('CRM analytics reads the same figures on this dialect (counts, first times, values)', async () => {
    const { db } = await fresh();
    const project = await makeProject(db);
    const visitor = await makeVisitor(db, { project_id: project.id });
    const chat = await makeConversation(db, {
      project_id: project.id,
      visitor_id: visitor.id,
      assignee_id: AI_AGENT_ID,
      lead_stage: 'converted',
      conversion_value: 99.5,
      created_at: SAME,
      closed_at: '2026-11-23T10:30:00.000Z',
    });
    await makeMessage(db, { conversation_id: chat.id, seq: 1, created_at: SAME });
    const ai = { sender_kind: 'ai', sender_user_id: AI_AGENT_ID, conversation_id: chat.id };
    await makeMessage(db, { ...ai, seq: 2, created_at: '2026-11-23T10:00:07.000Z' });
    await makeMessage(db, { ...ai, seq: 3, created_at: '2026-11-23T10:01:00.000Z' });
    const data = await loadCrmAnalytics({ db }, { from: '2026-11-01T00:00:00.000Z' });
    expect(data.agents).toEqual([
      {
        agentId: AI_AGENT_ID,
        chats: 1,
        messagesSent: 2,
        firstResponse: { p50: 7000, p90: 7000 },
        resolution: { p50: 1_800_000, count: 1 },
        stages: { new: 0, qualified: 0, not_qualified: 0, converted: 1 },
        conversionRate: 1,
      },
    ]);
    expect(data.convertedValue).toBe(99.5);
  });
});

test('totals of combined filters stop at the smaller cap (no index covers them)', () => {
  expect(countCapFor({ agentId: 'a', from: SAME })).toBe(REPORT_COUNT_CAP);
  expect(countCapFor({ agentId: 'a', stage: 'new' })).toBe(COMBINED_COUNT_CAP);
});

test('every filter of a report page seeks an index on SQLite (no full scan, no sort)', async () => {
  const { db } = await freshSqlite();
  const at = '2026-11-23T10:00:00.000Z';
  const after = { at, id: '01KMX0000000000000000000AA' };
  const cases = {
    none: {},
    project: { projectId: 'p' },
    agent: { agentId: AI_AGENT_ID },
    status: { status: 'closed' as const },
    stage: { stage: 'converted' as const },
    range: { from: '2026-11-01T00:00:00.000Z', to: at },
  };
  for (const [name, filters] of Object.entries(cases)) {
    const plans = await sqlitePlans(db, (spy) => listReportRows(spy, 'chat-data', filters, after, 51));
    const plan = plans.join(' | ');
    expect({
      name,
      scan: /SCAN conversations(?! USING)/.test(plan),
      sort: plan.includes('TEMP B-TREE'),
    }).toEqual({
      name,
      scan: false,
      sort: false,
    });
    expect(plan).toMatch(/SEARCH conversations USING (COVERING )?INDEX conversations_\w+_ix/);
  }
  const agentPlan = (
    await sqlitePlans(db, (spy) => listReportRows(spy, 'chat-data', cases.agent, after, 51))
  ).join();
  expect(agentPlan).toContain('conversations_assignee_created_ix');
  // Agent and stage over a range seek both equalities and the range, for the page and its total.
  const combined = { agentId: AI_AGENT_ID, stage: 'qualified' as const, from: '2026-11-01T00:00:00.000Z' };
  const combinedPlans = [
    ...(await sqlitePlans(db, (spy) => listReportRows(spy, 'chat-data', combined, after, 51))),
    ...(await sqlitePlans(db, (spy) => countReportRows(spy, combined, countCapFor(combined)))),
  ].join(' | ');
  expect(combinedPlans).toContain(
    'conversations_assignee_stage_created_ix (assignee_id=? AND lead_stage=? AND created_at',
  );
  expect(combinedPlans).not.toContain('TEMP B-TREE');
  // After a cursor, `from` is checked row by row: the seek is both equalities and the cursor.
  expect(combinedPlans).toContain(
    'conversations_assignee_stage_created_ix (assignee_id=? AND lead_stage=? AND created_at<?)',
  );
});

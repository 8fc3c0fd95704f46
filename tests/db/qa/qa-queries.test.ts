import { expect, test } from 'bun:test';
import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import { listClosedChatsBetween, listQaChatsPage } from '../../../src/qa/qa.queries.ts';
import {
  sumRatingsByAgent,
  sumRatingsByDay,
  sumScoresByAgent,
  sumScoresByDay,
  sumScoresByProject,
} from '../../../src/qa/quality-report.queries.ts';
import {
  findLatestRubric,
  insertRubricVersion,
  listChatScorecards,
  upsertScorecard,
} from '../../../src/qa/scorecards.queries.ts';
import { claimCsat } from '../../../src/visitors/csat.queries.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeConversation } from '../../support/factories.ts';
import { createStaff } from '../../support/make-app.ts';

const NOW = '2026-11-23T10:00:00.000Z';

describeEachDialect('QA queries (QA-1..3, BEYOND-5)', (fresh) => {
  test('scorecards, the scored filter, ratings by compare-and-set and the report sums', async () => {
    const { db, deps } = await fresh();
    const qa = await createStaff(deps, 'qa');
    const agent = await createStaff(deps, 'agent');
    const human = await makeConversation(db, {
      status: 'closed',
      assignee_id: agent.id,
      closed_by: agent.id,
      closed_at: NOW,
    });
    const ai = await makeConversation(db, {
      status: 'closed',
      assignee_id: AI_AGENT_ID,
      ai_active: 1,
      closed_at: NOW,
    });

    await insertRubricVersion(db, {
      id: deps.ids.next(),
      version: 1,
      criteria: [{ key: 'c1', label: 'Tone', weight: 2 }],
      createdBy: qa.id,
      now: NOW,
    });
    expect(await findLatestRubric(db)).toEqual({
      version: 1,
      criteria: [{ key: 'c1', label: 'Tone', weight: 2 }],
    });
    await expect(
      insertRubricVersion(db, { id: deps.ids.next(), version: 1, criteria: [], createdBy: qa.id, now: NOW }),
    ).rejects.toThrow();

    const card = { reviewerId: qa.id, rubricVersion: 1, comment: null, now: NOW };
    await upsertScorecard(db, {
      ...card,
      id: deps.ids.next(),
      conversationId: human.id,
      agent: { kind: 'agent', id: agent.id },
      score: 300,
      marks: { c1: 3 },
    });
    await upsertScorecard(db, {
      ...card,
      id: deps.ids.next(),
      conversationId: human.id,
      agent: { kind: 'agent', id: agent.id },
      score: 500,
      marks: { c1: 5 },
    });
    await upsertScorecard(db, {
      ...card,
      id: deps.ids.next(),
      conversationId: ai.id,
      agent: { kind: 'ai' },
      score: 400,
      marks: { c1: 4 },
    });
    const cards = await listChatScorecards(db, human.id);
    expect(cards.map((c) => [c.score, c.marks])).toEqual([[500, { c1: 5 }]]);

    const page = (scored: 'scored' | 'unscored', agentId?: string) =>
      listQaChatsPage(db, { status: 'all', scored, agentId }, undefined, 25).then((p) =>
        p.rows.map((r) => r.id),
      );
    expect((await page('scored')).sort()).toEqual([human.id, ai.id].sort());
    expect(await page('unscored')).toEqual([]);
    expect(await page('scored', AI_AGENT_ID)).toEqual([ai.id]);

    const rating = { conversationId: human.id, visitorId: human.visitor_id, comment: null, now: NOW };
    expect(await claimCsat(db, { ...rating, score: 4 })).toBe(true);
    expect(await claimCsat(db, { ...rating, score: 1 })).toBe(false);
    // The AI chat was closed by nobody (automatic): never asked.
    expect(
      await claimCsat(db, { ...rating, conversationId: ai.id, visitorId: ai.visitor_id, score: 5 }),
    ).toBe(false);

    const scores = await sumScoresByAgent(db, {});
    expect(scores.sort((a, b) => Number(a.isAi) - Number(b.isAi))).toEqual([
      expect.objectContaining({ key: agent.id, isAi: false, sum: 500, count: 1 }),
      { key: AI_AGENT_ID, name: 'AI', isAi: true, sum: 400, count: 1 },
    ]);
    expect((await sumScoresByProject(db, { from: NOW, to: NOW })).map((r) => r.count).sort()).toEqual([1, 1]);
    expect(await sumRatingsByAgent(db, { from: NOW })).toEqual([
      expect.objectContaining({ key: agent.id, sum: 4, count: 1 }),
    ]);

    expect((await sumScoresByDay(db, {})).sort((a, b) => Number(a.isAi) - Number(b.isAi))).toEqual([
      { day: '2026-11-23', isAi: false, sum: 500, count: 1 },
      { day: '2026-11-23', isAi: true, sum: 400, count: 1 },
    ]);
    expect(await sumRatingsByDay(db, {})).toEqual([{ day: '2026-11-23', isAi: false, sum: 4, count: 1 }]);

    const closed = await listClosedChatsBetween(db, { from: NOW, to: NOW }, 100);
    expect(closed.map((c) => [c.isAi, c.scored])).toEqual(
      expect.arrayContaining([
        [false, true],
        [true, true],
      ]),
    );
  });
});

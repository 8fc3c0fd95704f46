import { describe, expect, test } from 'bun:test';
import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import { makeConversation } from '../../support/factories.ts';
import { createStaff, makeTestApp } from '../../support/make-app.ts';

describe('review queue (QA-3)', () => {
  test("samples the week's closed chats per agent (size from QA_REVIEW_SAMPLE) and marks the scored", async () => {
    const { app, deps } = await makeTestApp({ env: { QA_REVIEW_SAMPLE: '2' } });
    const qa = await createStaff(deps, 'qa');
    const agent = await createStaff(deps, 'agent');
    const closed = (assignee: string, day: string, name: string) =>
      makeConversation(deps.db, {
        status: 'closed',
        assignee_id: assignee,
        visitor_name: name,
        closed_at: `${day}T12:00:00.000Z`,
      });
    for (let i = 0; i < 4; i++) await closed(agent.id, '2026-11-24', `Week ${i}`);
    await closed(AI_AGENT_ID, '2026-11-25', 'AI chat');
    await closed(agent.id, '2026-11-16', 'Last week');
    await makeConversation(deps.db, { status: 'active', assignee_id: agent.id, visitor_name: 'Still open' });

    const html = await (await app.request('/qa/queue', { headers: { Cookie: qa.cookie } })).text();
    expect(html).toContain('Week of 2026-11-23');
    expect(html).toContain('2 of 4 closed');
    expect(html).toContain('1 of 1 closed');
    expect(html).toContain('AI chat');
    expect(html).not.toContain('Last week');
    expect(html).not.toContain('Still open');
    expect(html.match(/To score/g)?.length).toBe(3);

    const picked = /href="\/qa\/chats\/([0-9A-Z]+)">Week/.exec(html)?.[1] ?? '';
    await deps.db
      .insertInto('qa_scores')
      .values({
        id: deps.ids.next(),
        conversation_id: picked,
        reviewer_id: qa.id,
        agent_kind: 'agent',
        agent_id: agent.id,
        score: 300,
        rubric: null,
        comment: null,
        created_at: '2026-11-25T00:00:00.000Z',
      })
      .execute();
    const after = await (await app.request('/qa/queue', { headers: { Cookie: qa.cookie } })).text();
    expect(after.match(/To score/g)?.length).toBe(2);
    expect(after).toContain(`href="/qa/chats/${picked}"`);

    const previous = await (
      await app.request('/qa/queue?week=2026-11-18', { headers: { Cookie: qa.cookie } })
    ).text();
    expect(previous).toContain('Last week');
  });
});

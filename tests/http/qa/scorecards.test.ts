import { describe, expect, test } from 'bun:test';
import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import { makeConversation } from '../../support/factories.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';

const hx = { 'HX-Request': 'true' };

async function seed() {
  const ctx = await makeTestApp();
  const { deps } = ctx;
  const admin = await createStaff(deps, 'admin');
  const qa = await createStaff(deps, 'qa');
  const agent = await createStaff(deps, 'agent');
  const other = await createStaff(deps, 'agent');
  const chat = await makeConversation(deps.db, {
    status: 'closed',
    assignee_id: agent.id,
    visitor_name: 'Ana',
  });
  const rubric = (rows: Array<[string, string]>) =>
    postForm(
      ctx.app,
      '/admin/qa-rubric',
      Object.fromEntries(
        rows.flatMap(([label, weight], i) => [
          [`label_${i + 1}`, label],
          [`weight_${i + 1}`, weight],
        ]),
      ),
      { Cookie: admin.cookie, ...hx },
    );
  const score = (conversationId: string, form: Record<string, string>, cookie = qa.cookie) =>
    postForm(ctx.app, `/qa/chats/${conversationId}/score`, form, { Cookie: cookie, ...hx });
  const rows = () => deps.db.selectFrom('qa_scores').selectAll().execute();
  return { ...ctx, admin, qa, agent, other, chat, rubric, score, rows };
}

describe('scorecards (QA-3)', () => {
  test('before any rubric QA is told to wait for one, and a score is refused', async () => {
    const { app, qa, chat, score } = await seed();
    const pane = await (
      await app.request(`/qa/chats/${chat.id}`, { headers: { Cookie: qa.cookie, ...hx } })
    ).text();
    expect(pane).toContain('No rubric yet');
    const res = await score(chat.id, { rubricVersion: '1', mark_c1: '5' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('There is no rubric yet');
  });

  test('the admin saves versions; a score keeps the version and weights it was given under', async () => {
    const { app, qa, agent, chat, rubric, score, rows } = await seed();
    const saved = await rubric([
      ['Tone', '1'],
      ['Correct answer', '3'],
    ]);
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Saved as version 1');

    const res = await score(chat.id, {
      rubricVersion: '1',
      mark_c1: '5',
      mark_c2: '2',
      comment: 'Check the price list',
    });
    expect(res.status).toBe(200);
    const section = await res.text();
    expect(section).toStartWith('<section id="qa-scores"');
    expect(section).toContain('<strong class="qa-total">2.75</strong>');
    expect(section).toContain('Check the price list');

    // Version 2 weighs tone heavier and drops a criterion's name: the old card still reads as v1.
    await rubric([
      ['Warmth', '3'],
      ['Correct answer', '1'],
    ]);
    const pane = await (
      await app.request(`/qa/chats/${chat.id}`, { headers: { Cookie: qa.cookie, ...hx } })
    ).text();
    expect(pane).toContain('<strong class="qa-total">2.75</strong>');
    expect(pane).toContain('rubric v1');
    expect(pane).toContain('Tone (×1)');
    expect(pane).toContain('Warmth'); // the form now shows version 2
    expect(pane).toContain('name="rubricVersion" value="2"');

    // A form still showing version 1 is refused, and nothing changes.
    const stale = await score(chat.id, { rubricVersion: '1', mark_c1: '5', mark_c2: '5' });
    expect(stale.status).toBe(422);
    expect(await stale.text()).toContain('The rubric changed');
    expect((await rows()).map((r) => r.score)).toEqual([275]);

    // Re-scoring under version 2 replaces the reviewer's card: one per reviewer and chat.
    const again = await score(chat.id, { rubricVersion: '2', mark_c1: '5', mark_c2: '2' });
    expect(again.status).toBe(200);
    const after = await rows();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      score: 425,
      rubric_version: 2,
      agent_kind: 'agent',
      agent_id: agent.id,
    });
  });

  test('a second reviewer adds their own card; the list shows the chat as scored', async () => {
    const { app, deps, chat, rubric, score, rows } = await seed();
    await rubric([['Tone', '1']]);
    const qa2 = await createStaff(deps, 'qa');
    await score(chat.id, { rubricVersion: '1', mark_c1: '4' });
    await score(chat.id, { rubricVersion: '1', mark_c1: '2' }, qa2.cookie);
    expect((await rows()).map((r) => r.score).sort()).toEqual([200, 400]);
    const list = await (
      await app.request('/qa?scored=scored', { headers: { Cookie: qa2.cookie, ...hx } })
    ).text();
    expect(list).toContain('Ana');
  });

  test('missing marks and an agentless chat are refused with the reason', async () => {
    const { deps, rubric, score, chat } = await seed();
    await rubric([
      ['Tone', '1'],
      ['Answer', '1'],
    ]);
    const missing = await score(chat.id, { rubricVersion: '1', mark_c1: '4' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Give every criterion a mark');
    const waiting = await makeConversation(deps.db, { status: 'unassigned' });
    const none = await score(waiting.id, { rubricVersion: '1', mark_c1: '4', mark_c2: '4' });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('no agent to score');
  });

  test('a chat the AI holds is scored as the AI', async () => {
    const { deps, rubric, score, rows } = await seed();
    await rubric([['Tone', '1']]);
    const aiChat = await makeConversation(deps.db, {
      status: 'active',
      assignee_id: AI_AGENT_ID,
      ai_active: 1,
    });
    expect((await score(aiChat.id, { rubricVersion: '1', mark_c1: '3' })).status).toBe(200);
    expect(await rows()).toEqual([expect.objectContaining({ agent_kind: 'ai', agent_id: null, score: 300 })]);
  });

  test('a refused rubric keeps what was typed and saves nothing', async () => {
    const { deps, rubric } = await seed();
    const res = await rubric([
      ['Tone', '1'],
      ['Answer', 'lots'],
    ]);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Weights are whole numbers');
    expect(html).toContain('value="lots"');
    expect(await deps.db.selectFrom('qa_rubric_versions').selectAll().execute()).toEqual([]);
  });

  test('the agent sees their own scores read-only, and nobody else’s', async () => {
    const { app, deps, agent, other, chat, rubric, score } = await seed();
    await rubric([['Tone', '1']]);
    await score(chat.id, { rubricVersion: '1', mark_c1: '4', comment: 'Nice greeting' });
    const otherChat = await makeConversation(deps.db, {
      status: 'closed',
      assignee_id: other.id,
      visitor_name: 'Zed',
    });
    await score(otherChat.id, { rubricVersion: '1', mark_c1: '1', comment: 'Not yours' });
    const mine = await (await app.request('/agent/scores', { headers: { Cookie: agent.cookie } })).text();
    expect(mine).toContain('Average 4.00 / 5');
    expect(mine).toContain('Nice greeting');
    expect(mine).toContain('Tone (×1)');
    expect(mine).not.toContain('Not yours');
    expect(mine).not.toMatch(/<form(?! method="post" action="\/logout")/);
  });
});

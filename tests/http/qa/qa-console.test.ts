import { describe, expect, test } from 'bun:test';
import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import { makeConversation, makeMessage, makeProject } from '../../support/factories.ts';
import { createStaff, makeTestApp } from '../../support/make-app.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });
const rows = (html: string) =>
  [...html.matchAll(/<span class="cell-title">([^<]+)<\/span>/g)].map((m) => m[1]);

async function seed() {
  const ctx = await makeTestApp();
  const { deps } = ctx;
  const qa = await createStaff(deps, 'qa');
  const agent = await createStaff(deps, 'agent');
  const spring = await makeProject(deps.db, { title: 'Spring deals' });
  const autumn = await makeProject(deps.db, { title: 'Autumn deals' });
  const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T10:00:00.000Z`;
  const human = await makeConversation(deps.db, {
    project_id: spring.id,
    status: 'active',
    assignee_id: agent.id,
    visitor_name: 'Ana',
    created_at: day(20),
  });
  // Held by the AI, then handed to the agent: still an AI-handled chat.
  const handed = await makeConversation(deps.db, {
    project_id: spring.id,
    status: 'closed',
    assignee_id: agent.id,
    ai_active: 1,
    visitor_name: 'Bruno',
    created_at: day(21),
  });
  const ai = await makeConversation(deps.db, {
    project_id: autumn.id,
    status: 'offline',
    assignee_id: AI_AGENT_ID,
    ai_active: 1,
    visitor_name: 'Carla',
    created_at: day(22),
  });
  return { ...ctx, qa, agent, spring, autumn, human, handed, ai };
}

describe('QA console list (QA-1, QA-2)', () => {
  test('lists every chat newest first, with the AI as an agent in the picker', async () => {
    const { app, qa } = await seed();
    const res = await app.request('/qa', { headers: { Cookie: qa.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Vary')).toBe('HX-Request');
    const html = await res.text();
    expect(rows(html)).toEqual(['Carla', 'Bruno', 'Ana']);
    expect(html).toContain(`<option value="${AI_AGENT_ID}">AI</option>`);
    expect(html).toContain('/static/js/qa-console.js');
    expect(html).toContain('data-live-refresh');
  });

  test('the AI filter returns only AI-handled chats, whoever holds them now', async () => {
    const { app, qa } = await seed();
    const html = await (await app.request(`/qa?agent=${AI_AGENT_ID}`, { headers: hx(qa.cookie) })).text();
    expect(html).toStartWith('<section id="qa-results"');
    expect(rows(html)).toEqual(['Carla', 'Bruno']);
  });

  test('filters by a human agent, status, project, date range and scored / not scored', async () => {
    const { app, deps, qa, agent, autumn, handed } = await seed();
    const get = async (query: string) =>
      rows(await (await app.request(`/qa?${query}`, { headers: hx(qa.cookie) })).text());
    expect(await get(`agent=${agent.id}`)).toEqual(['Bruno', 'Ana']);
    expect(await get('status=closed')).toEqual(['Bruno']);
    expect(await get('status=offline')).toEqual(['Carla']);
    expect(await get(`project=${autumn.id}`)).toEqual(['Carla']);
    expect(await get('from=2026-11-21&to=2026-11-21')).toEqual(['Bruno']);
    await deps.db
      .insertInto('qa_scores')
      .values({
        id: deps.ids.next(),
        conversation_id: handed.id,
        reviewer_id: qa.id,
        agent_kind: 'agent',
        agent_id: agent.id,
        score: 400,
        rubric: null,
        comment: null,
        created_at: '2026-11-23T10:00:00.000Z',
      })
      .execute();
    expect(await get('scored=scored')).toEqual(['Bruno']);
    expect(await get('scored=unscored')).toEqual(['Carla', 'Ana']);
  });

  test('a range that ends before it starts says so (422); a bad filter is a 400', async () => {
    const { app, qa } = await seed();
    const res = await app.request('/qa?from=2026-11-22&to=2026-11-20', { headers: hx(qa.cookie) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('is after the end date');
    expect((await app.request('/qa?status=deleted', { headers: hx(qa.cookie) })).status).toBe(400);
  });

  test('keyset pages of 25 with an Older link', async () => {
    const { app, deps, qa, spring } = await seed();
    for (let i = 0; i < 30; i++) {
      await makeConversation(deps.db, {
        project_id: spring.id,
        visitor_name: `Old ${i}`,
        created_at: '2026-11-01T00:00:00.000Z',
      });
    }
    const html = await (await app.request('/qa', { headers: hx(qa.cookie) })).text();
    expect(rows(html).length).toBe(25);
    const older = /href="(\/qa\?after=[^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const page2 = rows(await (await app.request(older, { headers: hx(qa.cookie) })).text());
    expect(page2.length).toBe(8);
    expect(new Set([...rows(html), ...page2]).size).toBe(33);
  });
});

describe('QA chat pane (QA-1)', () => {
  test('shows the last 30 messages with receipts and no control that writes', async () => {
    const { app, deps, qa, human } = await seed();
    for (let seq = 1; seq <= 35; seq++) {
      await makeMessage(deps.db, {
        conversation_id: human.id,
        seq,
        sender_kind: seq % 2 ? 'visitor' : 'agent',
        body: `line ${seq}`,
      });
    }
    await deps.db
      .updateTable('conversations')
      .set({ last_seq: 35, visitor_delivered_seq: 34, visitor_read_seq: 30 })
      .where('id', '=', human.id)
      .execute();
    const res = await app.request(`/qa/chats/${human.id}`, { headers: hx(qa.cookie) });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<article id="message-/g)?.length).toBe(30);
    expect(html).toContain('line 35');
    expect(html).not.toContain('line 5<');
    expect(html).toContain('data-delivered-seq="34"');
    expect(html).toContain('receipt-read');
    // The one form in the pane is the reviewer's own scorecard (it never writes the chat).
    const chatPart = html.slice(0, html.indexOf('<section id="qa-scores"'));
    expect(chatPart).not.toMatch(
      /<form|<textarea|hx-post|hx-delete|<select|<button(?! type="button" class="button button-small older-messages")/,
    );
    const older = /hx-get="([^"]+before=[^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const page = await (await app.request(older, { headers: hx(qa.cookie) })).text();
    expect(page.match(/<article id="message-/g)?.length).toBe(5);
    expect(page).toContain('Start of the conversation');
    const newer = await (
      await app.request(`/qa/chats/${human.id}/messages?after=33`, { headers: hx(qa.cookie) })
    ).text();
    expect(newer.match(/<article id="message-/g)?.length).toBe(2);
  });

  test('a full page load renders the pane in the console shell; an unknown chat is a 404', async () => {
    const { app, qa, ai } = await seed();
    const html = await (await app.request(`/qa/chats/${ai.id}`, { headers: { Cookie: qa.cookie } })).text();
    expect(html).toContain('<h2 id="qa-chat-title">Carla</h2>');
    expect(html).toContain('AI-handled');
    expect(html).toContain('Live review');
    expect((await app.request('/qa/chats/nope', { headers: hx(qa.cookie) })).status).toBe(404);
  });
});

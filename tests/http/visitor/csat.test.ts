import { describe, expect, test } from 'bun:test';
import { hashToken, randomToken } from '../../../src/shared/ids.ts';
import { makeConversation, makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, makeTestApp, ORIGIN } from '../../support/make-app.ts';
import { fromPeer } from '../../support/peer.ts';

async function seed() {
  const ctx = await makeTestApp();
  const { deps, app } = ctx;
  const admin = await createStaff(deps, 'admin');
  const qa = await createStaff(deps, 'qa');
  const agent = await createStaff(deps, 'agent');
  const project = await makeProject(deps.db);
  const token = randomToken();
  const visitor = await makeVisitor(deps.db, {
    project_id: project.id,
    token_hash: hashToken(token),
    first_ip: '203.0.113.9',
  });
  const chat = await makeConversation(deps.db, {
    project_id: project.id,
    visitor_id: visitor.id,
    status: 'active',
    assignee_id: agent.id,
  });
  const headers = (t = token) => ({ 'X-Visitor-Token': t, Origin: ORIGIN });
  const state = async (t = token, id = chat.id) => {
    const res = await app.request(`/p/${project.slug}/rating?conversation=${id}`, { headers: headers(t) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const rate = async (body: Record<string, unknown>, t = token) => {
    const res = await app.request(`/p/${project.slug}/rating`, {
      method: 'POST',
      headers: { ...headers(t), 'Content-Type': 'application/json' },
      body: JSON.stringify({ conversationId: chat.id, ...body }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const closeByAdmin = () =>
    app.request(`/admin/chats/${chat.id}/close`, {
      method: 'POST',
      headers: { Cookie: admin.cookie, Origin: ORIGIN, 'HX-Request': 'true' },
    });
  return { ...ctx, admin, qa, project, chat, visitor, token, state, rate, closeByAdmin };
}

describe('CSAT at close (BEYOND-5)', () => {
  test('not asked while the chat is open; asked once a person closed it', async () => {
    const { state, rate, closeByAdmin } = await seed();
    expect((await state()).body).toEqual({ state: 'not_closed' });
    expect((await rate({ score: 5 })).status).toBe(409);
    expect((await closeByAdmin()).status).toBe(200);
    expect((await state()).body).toEqual({ state: 'open' });
  });

  test('exactly one rating per chat: double submit, a second tab, a reload', async () => {
    const { deps, state, rate, closeByAdmin, chat } = await seed();
    await closeByAdmin();
    // A double click and a second tab at the same moment: one stored, the others told it is taken.
    const answers = await Promise.all([
      rate({ score: 4, comment: 'Quick and kind' }),
      rate({ score: 4, comment: 'Quick and kind' }),
      rate({ score: 1, comment: 'other tab' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const stored = answers.find((a) => a.status === 201)?.body;
    // A reload asks again and hears the stored rating, and may not change it.
    expect((await state()).body).toEqual(stored ?? {});
    expect((await rate({ score: 2 })).body).toEqual({ error: 'already_rated' });
    const row = await deps.db
      .selectFrom('conversations')
      .select(['csat_score', 'csat_comment', 'csat_at'])
      .where('id', '=', chat.id)
      .executeTakeFirstOrThrow();
    expect(row.csat_score).toBe(stored?.score as number);
    expect(row.csat_at).toBe('2026-11-23T10:00:00.000Z');
  });

  test('staff see the rating and comment on the chat', async () => {
    const { app, admin, qa, rate, closeByAdmin, chat } = await seed();
    await closeByAdmin();
    await rate({ score: '5', comment: 'Solved <b>fast</b>' });
    const html = await (await app.request(`/qa/chats/${chat.id}`, { headers: { Cookie: qa.cookie } })).text();
    expect(html).toContain('5 / 5');
    expect(html).toContain('Solved &lt;b&gt;fast&lt;/b&gt;');
    const list = await (await app.request('/qa', { headers: { Cookie: qa.cookie } })).text();
    expect(list).toContain('Rated 5/5');
    const modal = await (
      await app.request(`/admin/chats/${chat.id}`, {
        headers: { Cookie: admin.cookie, 'HX-Request': 'true' },
      })
    ).text();
    expect(modal).toContain('<dt>Visitor rating</dt>');
    expect(modal).toContain('5 / 5');
    expect(modal).toContain('Solved &lt;b&gt;fast&lt;/b&gt;');
  });

  test('a chat closed automatically (nobody closed it) is not asked', async () => {
    const { deps, state, rate, chat } = await seed();
    await deps.db
      .updateTable('conversations')
      .set({ status: 'closed', closed_by: null })
      .where('id', '=', chat.id)
      .execute();
    expect((await state()).body).toEqual({ state: 'not_asked' });
    expect((await rate({ score: 3 })).status).toBe(409);
  });

  test('bad ratings are refused; another visitor cannot see or rate the chat', async () => {
    const { deps, project, state, rate, closeByAdmin } = await seed();
    await closeByAdmin();
    for (const score of [0, 6, 3.5, 'x', null]) expect((await rate({ score })).status).toBe(422);
    expect((await rate({ score: 3, comment: 'x'.repeat(1001) })).status).toBe(422);
    const stranger = randomToken();
    await makeVisitor(deps.db, { project_id: project.id, token_hash: hashToken(stranger) });
    expect((await state(stranger)).status).toBe(404);
    expect((await rate({ score: 1 }, stranger)).status).toBe(404);
    expect((await state()).body).toEqual({ state: 'open' });
  });

  test('a visitor blocked as spam (the block closes the chat) cannot rate it', async () => {
    const { app, admin, project, chat, token, deps } = await seed();
    const blocked = await app.request(`/admin/chats/${chat.id}/block`, {
      method: 'POST',
      headers: {
        Cookie: admin.cookie,
        Origin: ORIGIN,
        'HX-Request': 'true',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ reason: 'spam' }).toString(),
    });
    expect(blocked.status).toBe(200);
    const res = await app.request(
      `/p/${project.slug}/rating`,
      {
        method: 'POST',
        headers: { 'X-Visitor-Token': token, Origin: ORIGIN, 'Content-Type': 'application/json' },
        body: JSON.stringify({ conversationId: chat.id, score: 1 }),
      },
      fromPeer('203.0.113.9'),
    );
    expect(res.status).toBe(403);
    const row = await deps.db
      .selectFrom('conversations')
      .select(['status', 'csat_score'])
      .where('id', '=', chat.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'closed', csat_score: null });
  });

  test('staff may close without the survey: from the chat modal, and from the agent pane', async () => {
    const { app, admin, deps, project, state, rate, chat } = await seed();
    const closed = await app.request(`/admin/chats/${chat.id}/close`, {
      method: 'POST',
      headers: {
        Cookie: admin.cookie,
        Origin: ORIGIN,
        'HX-Request': 'true',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'withoutSurvey=on',
    });
    expect(closed.status).toBe(200);
    expect((await state()).body).toEqual({ state: 'not_asked' });
    expect((await rate({ score: 5 })).status).toBe(409);

    const agent = await createStaff(deps, 'agent');
    const token = randomToken();
    const visitor = await makeVisitor(deps.db, { project_id: project.id, token_hash: hashToken(token) });
    const own = await makeConversation(deps.db, {
      project_id: project.id,
      visitor_id: visitor.id,
      status: 'active',
      assignee_id: agent.id,
    });
    const res = await app.request(`/agent/conversations/${own.id}/close`, {
      method: 'POST',
      headers: {
        Cookie: agent.cookie,
        Origin: ORIGIN,
        'HX-Request': 'true',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'withoutSurvey=on',
    });
    expect(res.status).toBe(200);
    expect((await state(token, own.id)).body).toEqual({ state: 'not_asked' });
  });
});

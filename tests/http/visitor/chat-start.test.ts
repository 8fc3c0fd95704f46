import { describe, expect, test } from 'bun:test';
import { hashToken } from '../../../src/shared/ids.ts';
import { makeTestApp, ORIGIN, postForm } from '../../support/make-app.ts';
import {
  countRows,
  IPHONE_UA,
  startChatJson,
  validForm,
  visitorCookie,
  visitorProject,
} from './visitor-support.ts';

describe('chat start and the visitor token (VIS-3, CRM-1)', () => {
  test('a valid form creates visitor, touch and a queued conversation carrying the lead, in one go', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const res = await startChatJson(app, project.slug, validForm, { 'User-Agent': IPHONE_UA });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: string; conversationId: string; visitorId: string };
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const cookie = res.headers.get('Set-Cookie') ?? '';
    expect(cookie).toStartWith(`vt_${project.id}=${body.token};`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Max-Age=34560000');

    const visitor = await deps.db.selectFrom('visitors').selectAll().executeTakeFirstOrThrow();
    expect(visitor.token_hash).toBe(hashToken(body.token)); // only the hash is stored
    expect(visitor).toMatchObject({ project_id: project.id, name: 'Ada Lovelace', phone: '+447911123456' });
    const conversation = await deps.db.selectFrom('conversations').selectAll().executeTakeFirstOrThrow();
    expect(conversation).toMatchObject({
      id: body.conversationId,
      visitor_id: body.visitorId,
      status: 'unassigned',
      visitor_name: 'Ada Lovelace',
      visitor_phone: '+447911123456',
      visitor_email: 'ada@example.com',
      queued_at: '2026-11-23T10:00:00.000Z',
      attribution_id: visitor.first_attribution_id,
    });
    expect(deps.publisher.published).toContainEqual({
      topic: 'staff',
      event: { type: 'conversation.created', conversationId: body.conversationId, projectId: project.id },
    });
  });

  test('without script: 303 back to the page, which then shows the chat and no form', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const res = await postForm(app, `/p/${project.slug}/chat`, validForm);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/p/${project.slug}`);
    const page = await app.request(`/p/${project.slug}`, { headers: { Cookie: visitorCookie(res) } });
    const html = await page.text();
    const conversation = await deps.db.selectFrom('conversations').select('id').executeTakeFirstOrThrow();
    expect(html).toContain('data-state="chat"');
    expect(html).toContain(`data-conversation-id="${conversation.id}"`);
    expect(html).toMatch(/<section id="contact" hidden="">/);
  });

  test('a returning visitor months later skips the form and resumes the same conversation', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const started = await startChatJson(app, project.slug, validForm);
    const { conversationId } = (await started.json()) as { conversationId: string };
    deps.clock.advance(200 * 86_400_000);
    const page = await app.request(`/p/${project.slug}`, { headers: { Cookie: visitorCookie(started) } });
    expect(await page.text()).toContain(`data-conversation-id="${conversationId}"`);
    // The visit renews the cookie's lifetime.
    expect(page.headers.get('Set-Cookie')).toContain('Max-Age=34560000');
    const visitor = await deps.db.selectFrom('visitors').select('last_seen_at').executeTakeFirstOrThrow();
    expect(visitor.last_seen_at).toBe('2027-06-11T10:00:00.000Z');
  });

  test('a cookie-less page resumes from localStorage through the session call', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const started = (await (await startChatJson(app, project.slug, validForm)).json()) as {
      token: string;
      conversationId: string;
    };
    const res = await app.request(`/p/${project.slug}/session`, {
      headers: { 'X-Visitor-Token': started.token },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ conversationId: started.conversationId, status: 'unassigned' });
    const unknown = await app.request(`/p/${project.slug}/session`, {
      headers: { 'X-Visitor-Token': 'A'.repeat(43) },
    });
    expect(unknown.status).toBe(404);
  });

  test("project A's token never opens project B's conversation", async () => {
    const { app, deps } = await makeTestApp();
    const a = await visitorProject(deps.db);
    const b = await visitorProject(deps.db, { title: 'Beta Bank' });
    const started = (await (await startChatJson(app, a.slug, validForm)).json()) as { token: string };
    // The same secret, presented to project B as its cookie, as a header, or as B's session call.
    const asB = await app.request(`/p/${b.slug}`, { headers: { Cookie: `vt_${b.id}=${started.token}` } });
    expect(await asB.text()).toContain('data-state="form"');
    const session = await app.request(`/p/${b.slug}/session`, {
      headers: { 'X-Visitor-Token': started.token },
    });
    expect(session.status).toBe(404);
    // Starting a chat on B with A's token makes a separate visitor with a new token.
    const onB = await startChatJson(app, b.slug, validForm, { 'X-Visitor-Token': started.token });
    const bBody = (await onB.json()) as { token: string; visitorId: string };
    expect(bBody.token).not.toBe(started.token);
    const visitors = await deps.db.selectFrom('visitors').select(['project_id']).execute();
    expect(visitors.map((v) => v.project_id).sort()).toEqual([a.id, b.id].sort());
  });

  test('a returning visitor from a new campaign: the new chat credits the new touch, the visitor keeps the first', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const first = await startChatJson(app, project.slug, {
      ...validForm,
      landing_url: 'https://acme.example/p/x?utm_source=meta&utm_campaign=spring',
    });
    const { token } = (await first.json()) as { token: string };
    deps.clock.advance(30 * 86_400_000);
    const second = await startChatJson(
      app,
      project.slug,
      {
        ...validForm,
        name: 'Ada King',
        landing_url: 'https://acme.example/p/x?utm_source=google&utm_campaign=autumn',
      },
      { Cookie: `vt_${project.id}=${token}` },
    );
    expect(second.status).toBe(201);
    expect(((await second.json()) as { token: string }).token).toBe(token);
    expect(await countRows(deps.db)).toEqual({ visitors: 1, conversations: 2, attributions: 2 });
    const visitor = await deps.db.selectFrom('visitors').selectAll().executeTakeFirstOrThrow();
    const firstTouch = await deps.db
      .selectFrom('attributions')
      .selectAll()
      .where('id', '=', visitor.first_attribution_id ?? '')
      .executeTakeFirstOrThrow();
    expect(firstTouch).toMatchObject({ utm_campaign: 'spring', is_returning: 0 });
    const latest = await deps.db
      .selectFrom('conversations')
      .innerJoin('attributions', 'attributions.id', 'conversations.attribution_id')
      .select(['attributions.utm_campaign', 'attributions.is_returning', 'conversations.visitor_name'])
      .orderBy('conversations.created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest).toEqual({ utm_campaign: 'autumn', is_returning: 1, visitor_name: 'Ada King' });
    expect(visitor.name).toBe('Ada King');
  });

  test('after a chat is closed, a follow-up chat starts with the same lead data and no form (VIS-8)', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const started = (await (await startChatJson(app, project.slug, validForm)).json()) as {
      token: string;
      conversationId: string;
    };
    const again = (path: string) =>
      app.request(path, {
        method: 'POST',
        headers: { Origin: ORIGIN, Accept: 'application/json', 'X-Visitor-Token': started.token },
      });
    const tooEarly = await again(`/p/${project.slug}/chat/again`);
    expect(tooEarly.status).toBe(409);
    await deps.db.updateTable('conversations').set({ status: 'closed' }).execute();
    const res = await again(`/p/${project.slug}/chat/again`);
    expect(res.status).toBe(201);
    const { conversationId } = (await res.json()) as { conversationId: string };
    expect(conversationId).not.toBe(started.conversationId);
    const fresh = await deps.db
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(fresh).toMatchObject({
      status: 'unassigned',
      visitor_name: 'Ada Lovelace',
      visitor_phone: '+447911123456',
      visitor_email: 'ada@example.com',
    });
    const stranger = await app.request(`/p/${project.slug}/chat/again`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Accept: 'application/json' },
    });
    expect(stranger.status).toBe(404);
  });
});

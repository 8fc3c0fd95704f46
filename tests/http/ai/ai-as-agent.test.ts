import { describe, expect, test } from 'bun:test';
import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import { writeHandoverNote } from '../../../src/ai/ai-handover.service.ts';
import { bootstrap } from '../../../src/ops/bootstrap.ts';
import { makeConversation, makeMessage, makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, makeTestApp, makeTestDeps, ORIGIN, postForm } from '../../support/make-app.ts';

/**
 * AI-6: the AI is its own agent everywhere staff look (its name from its user row, no special
 * case per list), and that row is nobody's account: it cannot sign in, is managed by no one and
 * is listed with no people.
 */
const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true', Origin: ORIGIN });

async function aiHeldChat(deps: Awaited<ReturnType<typeof makeTestApp>>['deps'], visitorName = 'Ivy Night') {
  const project = await makeProject(deps.db);
  const visitor = await makeVisitor(deps.db, { project_id: project.id, name: visitorName });
  const chat = await makeConversation(deps.db, {
    project_id: project.id,
    visitor_id: visitor.id,
    visitor_name: visitorName,
    status: 'active',
    assignee_id: AI_AGENT_ID,
    ai_active: 1,
    queued_at: null,
    last_seq: 2,
  });
  await makeMessage(deps.db, { conversation_id: chat.id, seq: 1, body: 'Is it open on Sunday?' });
  await makeMessage(deps.db, {
    conversation_id: chat.id,
    seq: 2,
    sender_kind: 'ai',
    sender_user_id: AI_AGENT_ID,
    body: 'Yes, from 10:00.',
  });
  return chat;
}

describe('the AI as its own agent (AI-6)', () => {
  test('the chats table names it, filters by it, and the modal shows it as the holder', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const chat = await aiHeldChat(deps);
    await makeConversation(deps.db, { visitor_name: 'Hugo Human' });
    const table = await (await app.request('/admin/chats', { headers: { Cookie: admin.cookie } })).text();
    expect(table).toMatch(/Ivy Night[\s\S]*?<td data-label="Agent">AI<\/td>/);
    expect(table).toContain(`<option value="${AI_AGENT_ID}">AI</option>`);
    const filtered = await (
      await app.request(`/admin/chats?agent=${AI_AGENT_ID}`, { headers: { Cookie: admin.cookie } })
    ).text();
    expect(filtered).toContain('Ivy Night');
    expect(filtered).not.toContain('Hugo Human');

    const modal = await (await app.request(`/admin/chats/${chat.id}`, { headers: hx(admin.cookie) })).text();
    expect(modal).toContain('<dt>Agent</dt><dd>AI</dd>');
    expect(modal).toMatch(
      /<article[^>]*class="message message-ai[^"]*"[^>]*><header class="message-sender">AI<\/header>/,
    );
    // Assign offers people only: the AI takes chats by routing, never by hand.
    expect(modal).not.toContain(`<option value="${AI_AGENT_ID}"`);
  });

  test("an agent sees the AI's chat in Others as the AI's, read-only, with the AI's bubbles", async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const chat = await aiHeldChat(deps);
    const others = await (
      await app.request('/agent/buckets?bucket=others', { headers: hx(agent.cookie) })
    ).text();
    expect(others).toMatch(/Ivy Night<\/span><span class="bucket-row-holder">with AI<\/span>/);
    const pane = await (
      await app.request(`/agent/conversations/${chat.id}`, { headers: hx(agent.cookie) })
    ).text();
    expect(pane).toContain('Read-only: this chat is with AI.');
    expect(pane).toContain('<header class="message-sender">AI</header>');
    expect(pane).not.toContain('name="body"');
  });

  test("the AI's handover summary shows in the agent's pane and the admin modal, never as a message", async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const admin = await createStaff(deps, 'admin');
    const chat = await makeConversation(deps.db, {
      visitor_name: 'Nia Escalated',
      ai_active: 1,
      ai_never: 1,
    });
    await writeHandoverNote(deps, {
      conversationId: chat.id,
      summary: 'Wants a quote for 40 chairs by Friday.',
    });
    const pane = await (
      await app.request(`/agent/conversations/${chat.id}`, { headers: hx(agent.cookie) })
    ).text();
    expect(pane).toContain('<aside class="handover-note" aria-label="AI handover summary">');
    expect(pane).toContain('Wants a quote for 40 chairs by Friday.');
    const modal = await (await app.request(`/admin/chats/${chat.id}`, { headers: hx(admin.cookie) })).text();
    expect(modal).toContain('Wants a quote for 40 chairs by Friday.');
    const messages = await deps.db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', chat.id)
      .execute();
    expect(messages).toEqual([]);
  });

  test('the AI row cannot sign in, is in no roster, and no one can manage it', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const login = await postForm(app, '/login', { email: 'ai-agent@system.invalid', password: '!' });
    expect(login.status).toBe(422);
    expect(
      await deps.db.selectFrom('sessions').select('id').where('user_id', '=', AI_AGENT_ID).execute(),
    ).toEqual([]);
    for (const path of ['/admin/agents', '/admin/staff']) {
      const html = await (await app.request(path, { headers: { Cookie: admin.cookie } })).text();
      expect(html).not.toContain(AI_AGENT_ID);
      expect(html).not.toContain('ai-agent@system.invalid');
    }
    for (const path of [`/admin/staff/${AI_AGENT_ID}`, `/admin/agents/${AI_AGENT_ID}`]) {
      expect((await app.request(path, { headers: { Cookie: admin.cookie } })).status).toBe(404);
    }
    const reset = await postForm(
      app,
      `/admin/staff/${AI_AGENT_ID}/password`,
      { password: 'a-new-password-1' },
      hx(admin.cookie),
    );
    expect(reset.status).toBe(404);
  });

  test('a fresh install still gets its bootstrap admin (the AI row is not a person)', async () => {
    const deps = await makeTestDeps();
    expect(await bootstrap(deps)).toEqual({ createdAdmin: true, createdProject: true });
    expect(await bootstrap(deps)).toEqual({ createdAdmin: false, createdProject: false });
  });
});

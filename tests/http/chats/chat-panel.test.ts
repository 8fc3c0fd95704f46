import { describe, expect, test } from 'bun:test';
import { findConversationById } from '../../../src/conversations/conversations.queries.ts';
import { makeConversation } from '../../support/factories.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });

describe('chat modal (ADMIN-2): assign and close', () => {
  test('the panel opens as a fragment for the dialog and as a page by its own URL', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const chat = await makeConversation(deps.db, { visitor_name: 'Dora', visitor_phone: '+4915112345678' });
    const fragment = await app.request(`/manager/chats/${chat.id}`, { headers: hx(manager.cookie) });
    const html = await fragment.text();
    expect(html).toStartWith('<article id="chat-panel"');
    expect(html).toContain('<h2 id="chat-panel-title">Dora</h2>');
    expect(html).toContain('<label for="chat-assign-agent">Assign to</label>');
    const page = await (
      await app.request(`/manager/chats/${chat.id}`, { headers: { Cookie: manager.cookie } })
    ).text();
    expect(page).toStartWith('<!DOCTYPE html>');
    const table = await (await app.request('/manager/chats', { headers: { Cookie: manager.cookie } })).text();
    expect(table).toContain('<dialog id="chat-dialog" class="chat-dialog" x-data="chatDialog"');
    expect(table).toContain(`hx-get="/manager/chats/${chat.id}" hx-target="#chat-dialog-body"`);
    expect((await app.request('/manager/chats/NOPE', { headers: hx(manager.cookie) })).status).toBe(404);
  });

  test('an admin assigns a waiting chat to an online agent, who is told live; the table is told to refresh', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const agent = await createStaff(deps, 'agent');
    await deps.presence.connect({ kind: 'staff', id: agent.id }, 'tab', deps.clock.now());
    const chat = await makeConversation(deps.db);
    const res = await postForm(
      app,
      `/admin/chats/${chat.id}/assign`,
      { agentId: agent.id },
      hx(admin.cookie),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('HX-Trigger')).toBe('chats-changed');
    expect(await res.text()).toMatch(/Assigned to agent \w{4}\. They have the chat now\./);
    expect(await findConversationById(deps.db, chat.id)).toMatchObject({
      status: 'active',
      assigneeId: agent.id,
    });
    const toAgent = deps.publisher.published.find(
      (p) => p.topic === `agent:${agent.id}` && p.event.type === 'conversation.assigned',
    );
    expect(toAgent?.event).toMatchObject({ conversationId: chat.id, assigneeId: agent.id });
  });

  test('the Assign list pre-selects nobody and says what each agent is doing', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const away = await createStaff(deps, 'agent', { activeLimit: 2 });
    const here = await createStaff(deps, 'agent', { activeLimit: 1 });
    await deps.presence.connect({ kind: 'staff', id: here.id }, 'tab', deps.clock.now());
    const chat = await makeConversation(deps.db, { status: 'active', assignee_id: here.id, queued_at: null });
    const html = await (await app.request(`/admin/chats/${chat.id}`, { headers: hx(admin.cookie) })).text();
    const select = /<select id="chat-assign-agent"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
    expect(select).toContain('<option value="" selected="" disabled="">Choose an agent…</option>');
    expect(select.match(/selected=""/g)).toHaveLength(1);
    const name = (id: string) => html.match(new RegExp(`<option value="${id}">([^<]+)</option>`))?.[1];
    expect(name(away.id)).toMatch(/^agent \w{4} — offline · 0\/2 active$/);
    expect(name(here.id)).toMatch(/^agent \w{4} — online · 1\/1 active, at limit$/);
    expect(html).toContain('Assign over their limit');
  });

  test('an admin assigns an offline agent: the chat waits with them, and the modal says so', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const agent = await createStaff(deps, 'agent');
    const chat = await makeConversation(deps.db);
    const res = await postForm(
      app,
      `/admin/chats/${chat.id}/assign`,
      { agentId: agent.id },
      hx(admin.cookie),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('HX-Trigger')).toBe('chats-changed');
    expect(await res.text()).toMatch(
      /Assigned to agent \w{4}, who is offline: the chat waits in their console until they are back, and no other agent is offered it\./,
    );
    expect(await findConversationById(deps.db, chat.id)).toMatchObject({
      status: 'active',
      assigneeId: agent.id,
    });
    const empty = await postForm(app, `/admin/chats/${chat.id}/assign`, { agentId: '' }, hx(admin.cookie));
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Choose an agent.');
  });

  test('an agent at their limit needs the explicit override; with it the chat goes over the limit', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const agent = await createStaff(deps, 'agent', { activeLimit: 1 });
    await deps.presence.connect({ kind: 'staff', id: agent.id }, 'tab', deps.clock.now());
    await makeConversation(deps.db, { status: 'active', assignee_id: agent.id, queued_at: null });
    const chat = await makeConversation(deps.db);
    const path = `/manager/chats/${chat.id}/assign`;
    const refused = await postForm(app, path, { agentId: agent.id }, hx(manager.cookie));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(
      'That agent is at their chat limit. Tick “Assign over their limit” to give them the chat anyway.',
    );
    // The refused choice stays selected, so ticking the box and pressing Assign is all it takes.
    expect(html).toContain(`<option value="${agent.id}" selected="">`);
    expect((await findConversationById(deps.db, chat.id))?.assigneeId).toBeNull();

    const forced = await postForm(app, path, { agentId: agent.id, overLimit: 'on' }, hx(manager.cookie));
    expect(forced.status).toBe(200);
    expect(await forced.text()).toMatch(
      /Assigned to agent \w{4}, over their limit: they now hold 2 active chats \(limit 1\)\./,
    );
    expect(await findConversationById(deps.db, chat.id)).toMatchObject({
      status: 'active',
      assigneeId: agent.id,
    });
  });

  test('a manager closes a chat; closing again says it has ended', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const chat = await makeConversation(deps.db);
    const res = await postForm(app, `/manager/chats/${chat.id}/close`, {}, hx(manager.cookie));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Chat closed.');
    expect(html).toContain('This chat has ended.');
    expect((await findConversationById(deps.db, chat.id))?.closedBy).toBe(manager.id);
    const again = await postForm(app, `/manager/chats/${chat.id}/close`, {}, hx(manager.cookie));
    expect(again.status).toBe(422);
  });
});

describe('chat modal (ADMIN-2): lead stage', () => {
  test('a manager sets the stage; an unknown stage is refused and changes nothing', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const chat = await makeConversation(deps.db);
    const res = await postForm(
      app,
      `/manager/chats/${chat.id}/stage`,
      { stage: 'qualified' },
      hx(manager.cookie),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<option value="qualified" selected="">Qualified</option>');
    expect((await findConversationById(deps.db, chat.id))?.leadStage).toBe('qualified');
    const bad = await postForm(app, `/manager/chats/${chat.id}/stage`, { stage: 'hot' }, hx(manager.cookie));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Choose a stage.');
    expect((await findConversationById(deps.db, chat.id))?.leadStage).toBe('qualified');
  });
});

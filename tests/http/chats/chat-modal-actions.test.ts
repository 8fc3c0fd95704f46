import { describe, expect, test } from 'bun:test';
import { findConversationById } from '../../../src/conversations/conversations.queries.ts';
import { topics } from '../../../src/events/topics.ts';
import { makeConversation, makeMessage, makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';
import { BROWSER_UA, fromPeer } from '../../support/peer.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });
const VISITOR_IP = '203.0.113.7';

async function chatFromIp(deps: Awaited<ReturnType<typeof makeTestApp>>['deps']) {
  const project = await makeProject(deps.db, { slug: 'spring' });
  const visitor = await makeVisitor(deps.db, { project_id: project.id, first_ip: VISITOR_IP });
  return makeConversation(deps.db, { project_id: project.id, visitor_id: visitor.id, visitor_name: 'Vic' });
}

describe('block visitor from the chat modal (SEC-3, ADMIN-2)', () => {
  test('a reason is required; the block is audited, closes the chat, answers the IP with a bare 403; unblock restores', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const chat = await chatFromIp(deps);
    const page = async () =>
      app.request('/p/spring', { headers: { 'User-Agent': BROWSER_UA } }, fromPeer(VISITOR_IP));
    expect((await page()).status).not.toBe(403);

    const noReason = await postForm(
      app,
      `/manager/chats/${chat.id}/block`,
      { reason: '  ' },
      hx(manager.cookie),
    );
    expect(noReason.status).toBe(422);
    const refused = await noReason.text();
    expect(refused).toContain('id="chat-block-reason-error">Give a reason for the block.');
    // The section comes back open, so the error is in view where the block was tried.
    expect(refused).toContain('<details class="block-details" open="">');
    expect(await deps.db.selectFrom('ip_blocks').selectAll().execute()).toEqual([]);

    const res = await postForm(
      app,
      `/manager/chats/${chat.id}/block`,
      { reason: 'Abusive messages' },
      hx(manager.cookie),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Blocked ${VISITOR_IP}; the chat is closed.`);
    const [row] = await deps.db.selectFrom('ip_blocks').selectAll().execute();
    expect(row).toMatchObject({
      ip: VISITOR_IP,
      kind: 'manual',
      reason: 'Abusive messages',
      created_by: manager.id,
      created_at: deps.clock.now().toISOString(),
      conversation_id: chat.id,
      lifted_at: null,
    });
    expect((await findConversationById(deps.db, chat.id))?.status).toBe('closed');
    const blocked = await page();
    expect({ status: blocked.status, body: await blocked.text() }).toEqual({ status: 403, body: '' });
    // The IP's next chat start is a bare 403 as well.
    const chatStart = await app.request(
      '/p/spring/chat',
      {
        method: 'POST',
        headers: { 'User-Agent': BROWSER_UA, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'name=Vic&phone=%2B5511999990000',
      },
      fromPeer(VISITOR_IP),
    );
    expect({ status: chatStart.status, body: await chatStart.text() }).toEqual({ status: 403, body: '' });
    const panel = await (
      await app.request(`/manager/chats/${chat.id}`, { headers: hx(manager.cookie) })
    ).text();
    expect(panel).toContain('<span class="pill pill-danger">Blocked</span>');

    deps.clock.advance(60_000);
    const unblock = await postForm(app, `/manager/chats/${chat.id}/unblock`, {}, hx(manager.cookie));
    expect(unblock.status).toBe(200);
    const [lifted] = await deps.db.selectFrom('ip_blocks').selectAll().execute();
    expect(lifted).toMatchObject({ lifted_by: manager.id, lifted_at: deps.clock.now().toISOString() });
    expect((await page()).status).not.toBe(403);
  });

  test('the address the operator is signed in from, or another staff member is, is never blocked', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const chat = await chatFromIp(deps);
    const block = (peer: string) =>
      app.request(
        `/admin/chats/${chat.id}/block`,
        {
          method: 'POST',
          headers: {
            ...hx(admin.cookie),
            Origin: 'http://localhost',
            'Content-Type': 'application/x-www-form-urlencoded',
            'User-Agent': BROWSER_UA,
          },
          body: 'reason=Testing+from+the+office',
        },
        fromPeer(peer),
      );
    // The admin tests the chat from the office, so the visitor's address is the admin's own.
    const own = await block(VISITOR_IP);
    expect(own.status).toBe(422);
    expect(await own.text()).toContain(
      `${VISITOR_IP} is the address you are signed in from: blocking it would lock you out too. Not blocked.`,
    );

    // An agent signed in from that address (the office) would get a bare 403 on /login next.
    await deps.db
      .updateTable('sessions')
      .set({ ip: VISITOR_IP })
      .where('user_id', '=', (await createStaff(deps, 'agent', { email: 'ana@example.test' })).id)
      .execute();
    const office = await block('198.51.100.200');
    expect(office.status).toBe(422);
    expect(await office.text()).toMatch(/Staff are signed in from 203\.0\.113\.7 \(agent [0-9A-Z]{4}\)/);
    expect(await deps.db.selectFrom('ip_blocks').selectAll().execute()).toEqual([]);
    expect(deps.blocks.isBlocked(VISITOR_IP)).toBe(false);
    expect((await findConversationById(deps.db, chat.id))?.status).toBe('unassigned');
  });

  test('agents and QA cannot block', async () => {
    const { app, deps } = await makeTestApp();
    const chat = await chatFromIp(deps);
    for (const role of ['agent', 'qa'] as const) {
      const staff = await createStaff(deps, role);
      const res = await postForm(app, `/admin/chats/${chat.id}/block`, { reason: 'x' }, hx(staff.cookie));
      expect(res.status).toBe(403);
    }
    expect(await deps.db.selectFrom('ip_blocks').selectAll().execute()).toEqual([]);
  });
});

describe('history and "from admin" replies (ADMIN-2)', () => {
  test('the modal shows the last 30 messages and loads older ones on demand', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const chat = await chatFromIp(deps);
    for (let seq = 1; seq <= 35; seq++) {
      const at = new Date(Date.UTC(2026, 10, 23, 9, 0, seq)).toISOString();
      await makeMessage(deps.db, { conversation_id: chat.id, seq, body: `m${seq}`, created_at: at });
    }
    await deps.db.updateTable('conversations').set({ last_seq: 35 }).where('id', '=', chat.id).execute();
    const panel = await (await app.request(`/admin/chats/${chat.id}`, { headers: hx(admin.cookie) })).text();
    expect(panel.match(/class="message message-visitor"/g)?.length).toBe(30);
    expect(panel).not.toContain('>m5<');
    expect(panel).toContain('>m6<');
    const older = /hx-get="([^"]+\/history\?before=[^"]+)"/.exec(panel)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const page = await (await app.request(older, { headers: hx(admin.cookie) })).text();
    expect(page.match(/class="message message-visitor"/g)?.length).toBe(5);
    expect(page).toContain('>m1<');
    expect(page).not.toContain('Show older messages');
  });

  test('a reply is stored as an admin message and published to the visitor as "admin"', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const chat = await chatFromIp(deps);
    const empty = await postForm(app, `/manager/chats/${chat.id}/reply`, { body: ' ' }, hx(manager.cookie));
    expect(empty.status).toBe(422);
    const res = await postForm(
      app,
      `/manager/chats/${chat.id}/reply`,
      { body: 'Hello from the team' },
      hx(manager.cookie),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<p class="message-body">Hello from the team</p>');
    const [stored] = await deps.db.selectFrom('messages').selectAll().execute();
    expect(stored).toMatchObject({
      sender_kind: 'admin',
      sender_user_id: manager.id,
      body: 'Hello from the team',
    });
    const toVisitor = deps.publisher.published.find(
      (p) => p.topic === topics.visitor(chat.id) && p.event.type === 'message.created',
    );
    expect(toVisitor?.event).toMatchObject({ message: { senderKind: 'admin', body: 'Hello from the team' } });
  });
});

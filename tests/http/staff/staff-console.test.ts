import { describe, expect, test } from 'bun:test';
import { routePolicy } from '../../../src/auth/policy.ts';
import { findUserByEmail, findUserById } from '../../../src/auth/users.queries.ts';
import { createStaff, makeTestApp, ORIGIN, postForm } from '../../support/make-app.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });

describe('agents console (ADMIN-3)', () => {
  test('an admin adds an agent; the list shows presence and load', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const res = await postForm(
      app,
      '/admin/agents',
      {
        displayName: 'Ana Agent',
        email: 'Ana@Example.test',
        password: 'a long enough password',
        activeLimit: '3',
        offlineLimit: '6',
        liveChatEnabled: 'on',
      },
      { Cookie: admin.cookie },
    );
    expect(res.status).toBe(303);
    const ana = await findUserByEmail(deps.db, 'ana@example.test');
    expect(ana).toMatchObject({ role: 'agent', active_limit: 3, offline_limit: 6, live_chat_enabled: 1 });
    expect(ana?.crm_enabled).toBe(0);
    await deps.presence.connect({ kind: 'staff', id: ana?.id ?? '' }, 'tab-1', deps.clock.now());
    const list = await (await app.request('/admin/agents', { headers: { Cookie: admin.cookie } })).text();
    expect(list).toContain('Ana Agent');
    expect(list).toContain('<span class="pill pill-success">Online</span>');
    expect(list).toContain('0/3');
  });

  test('bad input is a 422 form with errors beside the fields, and nothing is written', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const res = await postForm(
      app,
      '/manager/agents',
      { displayName: ' ', email: 'not-an-email', password: 'short', activeLimit: '-1', offlineLimit: 'x' },
      hx(manager.cookie),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toStartWith('<form id="agent-form"');
    expect(html).toContain('<p class="field-error" id="agent-display-name-error">Enter a display name.</p>');
    expect(html).toContain('id="agent-email-error">Enter a valid email address.</p>');
    expect(html).toContain('id="agent-password-error">Use at least 10 characters.</p>');
    expect(html).toContain('id="agent-active-limit-error">Cannot be negative.</p>');
    expect(html).toContain('id="agent-offline-limit-error">Enter a whole number.</p>');
    expect(html).toContain('value="not-an-email"');
    expect(html).not.toContain('value="short"');
    const agents = await deps.db.selectFrom('users').select('id').where('role', '=', 'agent').execute();
    expect(agents).toEqual([]);
  });

  test('a duplicate email is refused on the email field', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const agent = await createStaff(deps, 'agent');
    const res = await postForm(
      app,
      '/admin/agents',
      {
        displayName: 'Again',
        email: agent.email,
        password: 'a long enough password',
        activeLimit: '1',
        offlineLimit: '1',
      },
      hx(admin.cookie),
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('id="agent-email-error">Someone already uses this email.</p>');
  });

  test('editing limits and toggles saves them; force logout ends every session at once', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const agent = await createStaff(deps, 'agent');
    const saved = await postForm(
      app,
      `/manager/agents/${agent.id}`,
      { displayName: 'Renamed', activeLimit: '7', offlineLimit: '9', crmEnabled: 'on' },
      hx(manager.cookie),
    );
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Saved.');
    expect(await findUserById(deps.db, agent.id)).toMatchObject({
      displayName: 'Renamed',
      activeLimit: 7,
      offlineLimit: 9,
      liveChatEnabled: false,
      crmEnabled: true,
    });
    expect((await app.request('/agent', { headers: { Cookie: agent.cookie } })).status).toBe(200);
    const out = await postForm(app, `/manager/agents/${agent.id}/logout`, {}, hx(manager.cookie));
    expect(out.status).toBe(200);
    expect(await out.text()).toContain('Signed out of 1 session.');
    expect((await app.request('/agent', { headers: hx(agent.cookie) })).status).toBe(401);
  });

  test('reset password: a weak one is refused (422); a good one works and ends sessions', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const agent = await createStaff(deps, 'agent');
    const weak = await postForm(
      app,
      `/admin/agents/${agent.id}/password`,
      { password: 'abc' },
      hx(admin.cookie),
    );
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain('Use at least 10 characters.');
    const good = await postForm(
      app,
      `/admin/agents/${agent.id}/password`,
      { password: 'brand new secret 42' },
      hx(admin.cookie),
    );
    expect(good.status).toBe(200);
    expect((await app.request('/agent', { headers: hx(agent.cookie) })).status).toBe(401);
    const login = await postForm(app, '/login', { email: agent.email, password: 'brand new secret 42' });
    expect(login.status).toBe(303);
  });
});

describe('staff console (ADMIN-4)', () => {
  test('a manager cannot create an admin, promote anyone to admin, or open an admin', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const admin = await createStaff(deps, 'admin');
    const qa = await createStaff(deps, 'qa');
    const create = await postForm(
      app,
      '/manager/staff',
      {
        displayName: 'Boss',
        email: 'boss@example.test',
        password: 'a long enough password',
        role: 'admin',
        isActive: 'on',
      },
      hx(manager.cookie),
    );
    expect(create.status).toBe(403);
    expect(await findUserByEmail(deps.db, 'boss@example.test')).toBeUndefined();
    const promote = await postForm(
      app,
      `/manager/staff/${qa.id}`,
      { displayName: 'QA', email: qa.email, role: 'admin', isActive: 'on' },
      hx(manager.cookie),
    );
    expect(promote.status).toBe(403);
    expect((await findUserById(deps.db, qa.id))?.role).toBe('qa');
    const self = await postForm(
      app,
      `/manager/staff/${manager.id}`,
      { displayName: 'Me', email: manager.email, role: 'admin', isActive: 'on' },
      hx(manager.cookie),
    );
    expect(self.status).toBe(403);
    expect(
      (await app.request(`/manager/staff/${admin.id}`, { headers: { Cookie: manager.cookie } })).status,
    ).toBe(403);
    for (const action of ['logout', 'password', 'delete']) {
      const res = await postForm(
        app,
        `/manager/staff/${admin.id}/${action}`,
        { password: 'long enough pw 1' },
        hx(manager.cookie),
      );
      expect(res.status).toBe(403);
    }
    expect(await findUserById(deps.db, admin.id)).toMatchObject({ role: 'admin', isActive: true });
    const form = await (
      await app.request('/manager/staff/new', { headers: { Cookie: manager.cookie } })
    ).text();
    expect(form).not.toContain('<option value="admin"');
  });

  test('a manager can add a QA reviewer and demote a manager', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const other = await createStaff(deps, 'manager');
    const created = await postForm(
      app,
      '/manager/staff',
      {
        displayName: 'Quinn',
        email: 'quinn@example.test',
        password: 'a long enough password',
        role: 'qa',
        isActive: 'on',
      },
      hx(manager.cookie),
    );
    expect(created.status).toBe(204);
    expect(created.headers.get('HX-Redirect')).toStartWith('/manager/staff/');
    const demoted = await postForm(
      app,
      `/manager/staff/${other.id}`,
      { displayName: 'Other', email: other.email, role: 'agent', isActive: 'on' },
      hx(manager.cookie),
    );
    expect(demoted.status).toBe(200);
    expect((await findUserById(deps.db, other.id))?.role).toBe('agent');
  });

  test('the last admin cannot demote, disable or delete themself over HTTP', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const demote = await postForm(
      app,
      `/admin/staff/${admin.id}`,
      { displayName: 'Me', email: admin.email, role: 'manager', isActive: 'on' },
      hx(admin.cookie),
    );
    expect(demote.status).toBe(422);
    expect(await demote.text()).toContain('This is the last active admin');
    const disable = await postForm(
      app,
      `/admin/staff/${admin.id}`,
      { displayName: 'Me', email: admin.email, role: 'admin' },
      hx(admin.cookie),
    );
    expect(disable.status).toBe(422);
    const del = await postForm(app, `/admin/staff/${admin.id}/delete`, {}, hx(admin.cookie));
    expect(del.status).toBe(409);
    expect(await findUserById(deps.db, admin.id)).toMatchObject({ role: 'admin', isActive: true });
  });

  test('deleting someone with chat history is refused; disabling them signs them out', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const qa = await createStaff(deps, 'qa');
    const { makeConversation } = await import('../../support/factories.ts');
    const chat = await makeConversation(deps.db);
    await deps.db
      .insertInto('lead_notes')
      .values({
        id: 'N1',
        conversation_id: chat.id,
        author_id: qa.id,
        body: 'note',
        created_at: '2026-11-23T10:00:00.000Z',
      })
      .execute();
    const del = await postForm(app, `/admin/staff/${qa.id}/delete`, {}, hx(admin.cookie));
    expect(del.status).toBe(409);
    expect(await del.text()).toContain('disable the account instead');
    const disable = await postForm(
      app,
      `/admin/staff/${qa.id}`,
      { displayName: 'QA', email: qa.email, role: 'qa' },
      hx(admin.cookie),
    );
    expect(disable.status).toBe(200);
    expect((await app.request('/qa', { headers: hx(qa.cookie) })).status).toBe(401);
  });
});

describe('agent and QA are denied every write of the admin and manager consoles', () => {
  const writes = Object.keys(routePolicy).filter(
    (route) => route.startsWith('POST /admin') || route.startsWith('POST /manager'),
  );
  test(`all ${writes.length} write routes answer 403 and change nothing`, async () => {
    expect(writes.length).toBeGreaterThan(10);
    const { app, deps } = await makeTestApp();
    const target = await createStaff(deps, 'agent');
    const before = await deps.db.selectFrom('users').selectAll().orderBy('id').execute();
    for (const role of ['agent', 'qa'] as const) {
      const caller = await createStaff(deps, role);
      for (const route of writes) {
        const path = (route.split(' ')[1] ?? '').replace(':id', target.id);
        const res = await app.request(path, {
          method: 'POST',
          headers: {
            Cookie: caller.cookie,
            Origin: ORIGIN,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: 'displayName=X&role=admin&password=long+enough+pw+1',
        });
        expect({ route, role, status: res.status }).toEqual({ route, role, status: 403 });
      }
    }
    const after = await deps.db
      .selectFrom('users')
      .selectAll()
      .where('role', '<>', 'qa')
      .orderBy('id')
      .execute();
    expect(after.find((u) => u.id === target.id)).toEqual(before.find((u) => u.id === target.id));
  });
});

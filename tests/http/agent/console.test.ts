import { describe, expect, test } from 'bun:test';
import { revokeUserSessions } from '../../../src/auth/sessions.queries.ts';
import { toIso } from '../../../src/shared/clock.ts';
import { makeConversation, makeLead } from '../../support/factories.ts';
import { createStaff, makeTestApp, ORIGIN, postForm } from '../../support/make-app.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true', Origin: ORIGIN });

describe('agent console page (AGENT-5, AGENT-6)', () => {
  test('the console has the exact title, the installable manifest, external scripts only', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const res = await app.request('/agent', { headers: { Cookie: agent.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Agent Console</title>');
    expect(html).toContain('<link rel="manifest" href="/static/agent/manifest.webmanifest"/>');
    expect(html).toContain('<script src="/static/agent/console.js" defer=""></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/\son[a-z]+=|hx-on/); // no inline handlers
    expect(html).toContain(`data-user-id="${agent.id}"`);
  });

  test('tabs follow the per-agent permissions: Live Chat only, CRM only, both', async () => {
    const { app, deps } = await makeTestApp();
    const chatOnly = await createStaff(deps, 'agent', { liveChat: true, crm: false });
    const crmOnly = await createStaff(deps, 'agent', { liveChat: false, crm: true });
    const both = await createStaff(deps, 'agent', { liveChat: true, crm: true });
    const page = async (cookie: string, path = '/agent') => {
      const res = await app.request(path, { headers: { Cookie: cookie } });
      return { status: res.status, html: await res.text() };
    };

    const a = await page(chatOnly.cookie);
    expect(a.html).toContain('<a href="/agent" aria-current="page">Inbox</a>');
    expect(a.html).not.toContain('href="/agent/leads"');
    expect((await page(chatOnly.cookie, '/agent/leads')).status).toBe(403);

    const b = await page(crmOnly.cookie);
    expect(b.html).not.toContain('>Inbox</a>');
    expect(b.html).toContain('<a href="/agent/leads">Leads</a>');
    expect(b.html).toContain('Live Chat is not enabled for your account');
    expect(b.html).not.toContain('id="chat-pane"');
    expect((await page(crmOnly.cookie, '/agent/leads')).status).toBe(200);

    const c = await page(both.cookie);
    expect(c.html).toContain('>Inbox</a>');
    expect(c.html).toContain('>Leads</a>');
  });
});

describe('follow-ups due today (AGENT-7)', () => {
  test("the dashboard lists the agent's own follow-ups due today or overdue, by the clock", async () => {
    const { app, deps } = await makeTestApp();
    deps.clock.set('2026-11-23T15:00:00.000Z');
    const agent = await createStaff(deps, 'agent');
    const other = await createStaff(deps, 'agent');
    await makeLead(deps.db, { assignee_id: agent.id, name: 'Due Today', follow_up_on: '2026-11-23' });
    await makeLead(deps.db, { assignee_id: agent.id, name: 'Was Due', follow_up_on: '2026-11-20' });
    await makeLead(deps.db, { assignee_id: agent.id, name: 'Tomorrow', follow_up_on: '2026-11-24' });
    await makeLead(deps.db, { assignee_id: other.id, name: 'Not Mine', follow_up_on: '2026-11-23' });
    const followUps = async () => {
      const page = await (await app.request('/agent', { headers: { Cookie: agent.cookie } })).text();
      return page.slice(
        page.indexOf('id="follow-ups-today"'),
        page.indexOf('</section>', page.indexOf('id="follow-ups-today"')),
      );
    };
    const html = await followUps();
    expect(html).toContain('Follow-ups due today');
    expect(html).toContain('Due Today');
    expect(html).toContain('Overdue since 2026-11-20');
    expect(html).not.toContain('Tomorrow');
    expect(html).not.toContain('Not Mine');
    expect(html).toContain('data-count="1">1 due today');
    expect(html).toContain('data-count="1">1 overdue');
    expect(html).toMatch(/data-follow-up-on="2026-11-23"[^>]*data-due="today"/);

    deps.clock.set('2026-11-24T09:00:00.000Z');
    expect(await followUps()).toContain('Tomorrow');
  });

  test("a chat lead's follow-up opens its newest chat in the pane; another lead opens its page", async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent', { crm: true });
    const old = await makeConversation(deps.db, { assignee_id: agent.id, status: 'closed' });
    await Bun.sleep(2); // ids are time-ordered: the second chat is the newer one
    const newest = await makeConversation(deps.db, {
      project_id: old.project_id,
      visitor_id: old.visitor_id,
    });
    await makeLead(deps.db, {
      id: old.visitor_id,
      visitor_id: old.visitor_id,
      source: 'chat',
      name: 'Chat Lead',
      assignee_id: agent.id,
      follow_up_on: '2026-11-23',
    });
    const web = await makeLead(deps.db, {
      name: 'Web Lead',
      assignee_id: agent.id,
      follow_up_on: '2026-11-22',
    });
    const page = await (await app.request('/agent', { headers: { Cookie: agent.cookie } })).text();
    expect(page).toContain(`hx-get="/agent/conversations/${newest.id}"`);
    expect(page).toContain(`href="/agent/leads/${web.id}"`);
  });
});

describe('stars (AGENT-3): per agent, server-side', () => {
  test('an agent stars and unstars their chat; another agent starring the same chat is independent', async () => {
    const { app, deps } = await makeTestApp();
    const alice = await createStaff(deps, 'agent');
    const bob = await createStaff(deps, 'agent');
    const chat = await makeConversation(deps.db, { assignee_id: alice.id, status: 'active' });
    const star = await postForm(
      app,
      `/agent/conversations/${chat.id}/star`,
      { starred: '1' },
      hx(alice.cookie),
    );
    expect(star.status).toBe(200);
    const html = await star.text();
    expect(html).toContain(`id="star-${chat.id}"`);
    expect(html).toContain('aria-pressed="true"');
    expect(html).toContain('name="starred" value="0"');
    // Bob sees it in Others (read-only) and may bookmark it for himself without touching Alice's star.
    expect(
      (await postForm(app, `/agent/conversations/${chat.id}/star`, { starred: '1' }, hx(bob.cookie))).status,
    ).toBe(200);
    expect(
      (await postForm(app, `/agent/conversations/${chat.id}/star`, { starred: '0' }, hx(bob.cookie))).status,
    ).toBe(200);
    const rows = await deps.db.selectFrom('stars').selectAll().execute();
    expect(rows.map((r) => r.user_id)).toEqual([alice.id]);
    // Starring twice is a no-op.
    await postForm(app, `/agent/conversations/${chat.id}/star`, { starred: '1' }, hx(alice.cookie));
    expect(await deps.db.selectFrom('stars').selectAll().execute()).toHaveLength(1);
  });

  test("a teammate's closed chat or an unknown id is not found; bad input is 422; no Live Chat is 403", async () => {
    const { app, deps } = await makeTestApp();
    const alice = await createStaff(deps, 'agent');
    const bob = await createStaff(deps, 'agent');
    const noChat = await createStaff(deps, 'agent', { liveChat: false });
    const closed = await makeConversation(deps.db, { assignee_id: alice.id, status: 'closed' });
    expect(
      (await postForm(app, `/agent/conversations/${closed.id}/star`, { starred: '1' }, hx(bob.cookie)))
        .status,
    ).toBe(404);
    expect(
      (
        await postForm(
          app,
          '/agent/conversations/01KMX0000000000000000000ZZ/star',
          { starred: '1' },
          hx(bob.cookie),
        )
      ).status,
    ).toBe(404);
    const bad = await postForm(
      app,
      `/agent/conversations/${closed.id}/star`,
      { starred: 'yes' },
      hx(alice.cookie),
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('starred');
    expect(
      (await postForm(app, `/agent/conversations/${closed.id}/star`, { starred: '1' }, hx(noChat.cookie)))
        .status,
    ).toBe(403);
    expect(await deps.db.selectFrom('stars').selectAll().execute()).toHaveLength(0);
  });
});

describe('session status (ADMIN-3)', () => {
  test('says whether the browser is signed in, is never cached, and is no 401 when it is not', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const signedIn = await app.request('/api/session', { headers: { Cookie: agent.cookie } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
    expect(await signedIn.json()).toEqual({ signedIn: true });
    await revokeUserSessions(deps.db, agent.id, toIso(deps.clock.now()));
    const ended = await app.request('/api/session', { headers: { Cookie: agent.cookie } });
    expect(ended.status).toBe(200);
    expect(await ended.json()).toEqual({ signedIn: false });
  });
});

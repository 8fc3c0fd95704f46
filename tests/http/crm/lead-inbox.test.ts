import { describe, expect, test } from 'bun:test';
import Papa from 'papaparse';
import type { Db } from '../../../src/db/database.ts';
import { makeConversation, makeLead, makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, makeTestApp, ORIGIN, postForm } from '../../support/make-app.ts';
import { startChatJson, validForm, visitorProject } from '../visitor/visitor-support.ts';

/** The lead inbox and lead detail (CRM-1..4) over HTTP, on a real SQLite database. */
type App = Awaited<ReturnType<typeof makeTestApp>>['app'];

const get = (app: App, cookie: string, path: string, headers: Record<string, string> = {}) =>
  app.request(path, { headers: { Cookie: cookie, ...headers } });

/** The lead ids a list page shows, in order (rows carry `id="lead-row-<id>"`). */
async function listed(app: App, cookie: string, path: string): Promise<string[]> {
  const res = await get(app, cookie, path);
  expect(res.status).toBe(200);
  return [...(await res.text()).matchAll(/id="lead-row-([0-9A-Za-z]+)"/g)].map((m) => m[1] ?? '');
}

const leadRow = (db: Db, id: string) =>
  db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();

describe('every chat is a lead (CRM-1)', () => {
  test('a chat start writes the visitor’s lead with the touch; a returning visitor keeps it; routing gives it an owner', async () => {
    const { app, deps } = await makeTestApp();
    await visitorProject(deps.db, { slug: 'acme' });
    const started = await startChatJson(app, 'acme', validForm, {
      Referer: `${ORIGIN}/p/acme?utm_source=meta&utm_campaign=spring&fbclid=AbC`,
    });
    expect(started.status).toBe(201);
    const { visitorId } = (await started.json()) as { visitorId: string };
    const lead = await leadRow(deps.db, visitorId);
    expect(lead).toMatchObject({
      source: 'chat',
      visitor_id: visitorId,
      name: 'Ada Lovelace',
      phone: '+447911123456',
      email: 'ada@example.com',
      stage: 'new',
      assignee_id: null,
    });
    const touch = await deps.db
      .selectFrom('attributions')
      .selectAll()
      .where('id', '=', lead?.attribution_id ?? '')
      .executeTakeFirst();
    expect(touch).toMatchObject({ utm_source: 'meta', utm_campaign: 'spring', fbclid: 'AbC' });

    // The agent comes online and the queue drains to them: the lead's owner follows its chat.
    const agent = await createStaff(deps, 'agent');
    const conversation = await deps.db
      .selectFrom('conversations')
      .select('id')
      .where('visitor_id', '=', visitorId)
      .executeTakeFirstOrThrow();
    const { claimForAgent } = await import('../../../src/routing/routing.service.ts');
    const { findConversationById } = await import('../../../src/conversations/conversations.queries.ts');
    const chat = await findConversationById(deps.db, conversation.id);
    if (!chat) throw new Error('no chat');
    expect(
      await claimForAgent(deps, {
        conversation: chat,
        agentId: agent.id,
        to: 'offline',
        movePointer: false,
        byStaff: { overLimit: true },
      }),
    ).toBe('claimed');
    expect((await leadRow(deps.db, visitorId))?.assignee_id).toBe(agent.id);

    const leads = await deps.db.selectFrom('leads').select('id').execute();
    expect(leads).toEqual([{ id: visitorId }]);
  });

  test('a stage change on the chat moves its lead', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const project = await makeProject(deps.db);
    const visitor = await makeVisitor(deps.db, { project_id: project.id });
    const chat = await makeConversation(deps.db, { project_id: project.id, visitor_id: visitor.id });
    await makeLead(deps.db, {
      id: visitor.id,
      visitor_id: visitor.id,
      source: 'chat',
      project_id: project.id,
    });
    const res = await postForm(
      app,
      `/admin/chats/${chat.id}/stage`,
      { stage: 'qualified' },
      { Cookie: admin.cookie },
    );
    expect(res.status).toBeLessThan(400);
    expect((await leadRow(deps.db, visitor.id))?.stage).toBe('qualified');
  });
});

describe('the lead inbox (CRM-1, CRM-4)', () => {
  async function seeded() {
    const made = await makeTestApp();
    const { deps } = made;
    const admin = await createStaff(deps, 'admin');
    const agent = await createStaff(deps, 'agent', { crm: true });
    const other = await createStaff(deps, 'agent', { crm: true });
    const p1 = await makeProject(deps.db, { title: 'Solar' });
    const p2 = await makeProject(deps.db, { title: 'Roofs' });
    const at = (day: number, hour = 10) =>
      `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const leads = {
      chatAda: await makeLead(deps.db, {
        source: 'chat',
        project_id: p1.id,
        name: 'Ada Lovelace',
        phone: '+447911123456',
        email: 'ada@example.com',
        assignee_id: agent.id,
        created_at: at(20),
      }),
      webGrace: await makeLead(deps.db, {
        source: 'web',
        project_id: p1.id,
        name: 'Grace Hopper',
        phone: '+12015550123',
        stage: 'qualified',
        created_at: at(21),
        follow_up_on: '2026-11-22',
      }),
      csvAlan: await makeLead(deps.db, {
        source: 'csv',
        project_id: p2.id,
        name: 'Alan Turing',
        email: 'alan@bletchley.uk',
        assignee_id: other.id,
        created_at: at(22),
        follow_up_on: '2026-11-23',
      }),
      sheetKatherine: await makeLead(deps.db, {
        source: 'sheet',
        project_id: p2.id,
        name: 'Katherine Johnson',
        stage: 'converted',
        created_at: at(23),
        follow_up_on: '2026-11-27',
      }),
    };
    return { ...made, admin, agent, other, p1, p2, leads };
  }

  test('tabs and each filter list exactly the matching leads, newest first', async () => {
    const { app, admin, agent, p2, leads } = await seeded();
    const all = [leads.sheetKatherine.id, leads.csvAlan.id, leads.webGrace.id, leads.chatAda.id];
    expect(await listed(app, admin.cookie, '/admin/leads')).toEqual(all);
    expect(await listed(app, admin.cookie, '/admin/leads?source=web')).toEqual([leads.webGrace.id]);
    expect(await listed(app, admin.cookie, '/admin/leads?source=sheet')).toEqual([leads.sheetKatherine.id]);
    expect(await listed(app, admin.cookie, '/admin/leads?stage=qualified')).toEqual([leads.webGrace.id]);
    expect(await listed(app, admin.cookie, `/admin/leads?agent=${agent.id}`)).toEqual([leads.chatAda.id]);
    expect(await listed(app, admin.cookie, '/admin/leads?agent=none')).toEqual([
      leads.sheetKatherine.id,
      leads.webGrace.id,
    ]);
    expect(await listed(app, admin.cookie, `/admin/leads?project=${p2.id}`)).toEqual([
      leads.sheetKatherine.id,
      leads.csvAlan.id,
    ]);
    expect(await listed(app, admin.cookie, '/admin/leads?from=2026-11-21&to=2026-11-22')).toEqual([
      leads.csvAlan.id,
      leads.webGrace.id,
    ]);
    // The manual clock's today is 2026-11-23.
    expect(await listed(app, admin.cookie, '/admin/leads?followup=overdue')).toEqual([leads.webGrace.id]);
    expect(await listed(app, admin.cookie, '/admin/leads?followup=today')).toEqual([leads.csvAlan.id]);
    expect(await listed(app, admin.cookie, '/admin/leads?followup=week')).toEqual([
      leads.sheetKatherine.id,
      leads.csvAlan.id,
    ]);
    expect(await listed(app, admin.cookie, '/admin/leads?followup=none')).toEqual([leads.chatAda.id]);
  });

  test('search: a phone in any format by its end, an email or a name by its beginning', async () => {
    const { app, admin, leads } = await seeded();
    const q = (text: string) => listed(app, admin.cookie, `/admin/leads?q=${encodeURIComponent(text)}`);
    expect(await q('+1 201-555-0123')).toEqual([leads.webGrace.id]);
    expect(await q('5550123')).toEqual([leads.webGrace.id]);
    expect(await q('07911 123456')).toEqual([leads.chatAda.id]);
    expect(await q('ALAN@bletch')).toEqual([leads.csvAlan.id]);
    expect(await q('kath')).toEqual([leads.sheetKatherine.id]);
    expect(await q('grace hop')).toEqual([leads.webGrace.id]);
    expect(await q('nobody')).toEqual([]);
  });

  test('pages follow the keyset with equal timestamps, and the counts are per tab', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push((await makeLead(deps.db, { name: `Lead ${i}`, created_at: '2026-11-20T10:00:00.000Z' })).id);
    const first = await get(app, admin.cookie, '/admin/leads');
    const html = await first.text();
    const page1 = [...html.matchAll(/id="lead-row-([0-9A-Za-z]+)"/g)].map((m) => m[1] ?? '');
    expect(page1).toHaveLength(25);
    expect(html).toContain('<span class="status-count">30</span>');
    const older = html.match(/href="(\/admin\/leads\?after=[^"]+)"/)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const page2 = await listed(app, admin.cookie, older);
    expect(page2).toHaveLength(5);
    expect([...page1, ...page2]).toEqual([...ids].sort().reverse());
  });

  test('a bad filter is a 400 that names it; a range ending before it starts says so', async () => {
    const { app, admin } = await seeded();
    const bad = await get(app, admin.cookie, '/admin/leads?stage=won');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('The filter &quot;stage&quot; is not valid');
    const range = await get(app, admin.cookie, '/admin/leads?from=2026-11-23&to=2026-11-20');
    expect(range.status).toBe(422);
    expect(await range.text()).toContain('is after the end date');
  });

  test('CSV export: exactly the current filter, Excel-safe', async () => {
    const { app, deps, admin, leads } = await seeded();
    await makeLead(deps.db, { source: 'web', name: '=HYPERLINK("http://evil")', email: 'x@evil.com' });
    const res = await get(app, admin.cookie, '/admin/leads.csv?source=web');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toContain('attachment; filename="leads-2026-11-23.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs
    const rows = Papa.parse<string[]>(new TextDecoder().decode(bytes), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual([
      'Lead id',
      'Created (UTC)',
      'Name',
      'Phone',
      'Email',
      'Stage',
      'Source',
      'Agent',
      'Follow-up',
      'Campaign',
      'Project',
      'Repeat of lead',
    ]);
    expect(rows.slice(1).map((row) => row[2])).toEqual([`'=HYPERLINK("http://evil")`, 'Grace Hopper']);
    expect(rows[2]?.[0]).toBe(leads.webGrace.id);
  });
});

describe('who sees and changes which lead (ADMIN-7, AGENT-6)', () => {
  test('an agent sees their own leads and the unassigned ones; another agent’s lead is not found', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent', { crm: true });
    const other = await createStaff(deps, 'agent', { crm: true });
    const mine = await makeLead(deps.db, { assignee_id: agent.id, created_at: '2026-11-20T10:00:00.000Z' });
    const free = await makeLead(deps.db, { created_at: '2026-11-21T10:00:00.000Z' });
    const theirs = await makeLead(deps.db, { assignee_id: other.id });
    expect(await listed(app, agent.cookie, '/agent/leads')).toEqual([mine.id]);
    expect(await listed(app, agent.cookie, '/agent/leads?agent=none')).toEqual([free.id]);
    expect(await listed(app, agent.cookie, `/agent/leads?agent=${other.id}`)).toEqual([mine.id]);
    expect((await get(app, agent.cookie, `/agent/leads/${theirs.id}`)).status).toBe(404);
    expect(
      (await postForm(app, `/agent/leads/${theirs.id}/notes`, { body: 'hi' }, { Cookie: agent.cookie }))
        .status,
    ).toBe(404);
    const csv = await (await get(app, agent.cookie, '/agent/leads.csv')).text();
    expect(csv).toContain(mine.id);
    expect(csv).not.toContain(theirs.id);

    // Taking an unassigned lead, then handing it to a colleague; never to nobody.
    expect(
      (
        await postForm(
          app,
          `/agent/leads/${free.id}/assign`,
          { assignee: agent.id },
          { Cookie: agent.cookie },
        )
      ).status,
    ).toBe(303);
    expect((await leadRow(deps.db, free.id))?.assignee_id).toBe(agent.id);
    expect(
      (await postForm(app, `/agent/leads/${free.id}/assign`, { assignee: '' }, { Cookie: agent.cookie }))
        .status,
    ).toBe(403);
    expect(
      (
        await postForm(
          app,
          `/agent/leads/${free.id}/assign`,
          { assignee: other.id },
          { Cookie: agent.cookie },
        )
      ).status,
    ).toBe(303);
    expect((await leadRow(deps.db, free.id))?.assignee_id).toBe(other.id);
  });

  test('an agent without CRM Leads gets 403 on every lead route and sees no Leads tab', async () => {
    const { app, deps } = await makeTestApp();
    const chatOnly = await createStaff(deps, 'agent', { crm: false });
    const lead = await makeLead(deps.db, { assignee_id: chatOnly.id });
    for (const path of ['/agent/leads', '/agent/leads.csv', `/agent/leads/${lead.id}`]) {
      expect((await get(app, chatOnly.cookie, path)).status).toBe(403);
    }
    for (const action of ['notes', 'follow-up', 'assign', 'stage']) {
      expect(
        (
          await postForm(
            app,
            `/agent/leads/${lead.id}/${action}`,
            { body: 'x', stage: 'qualified' },
            { Cookie: chatOnly.cookie },
          )
        ).status,
      ).toBe(403);
    }
  });

  test('QA reads every lead and changes none', async () => {
    const { app, deps } = await makeTestApp();
    const qa = await createStaff(deps, 'qa');
    const lead = await makeLead(deps.db, { name: 'Read Only' });
    expect(await listed(app, qa.cookie, '/qa/leads')).toEqual([lead.id]);
    const page = await (await get(app, qa.cookie, `/qa/leads/${lead.id}`)).text();
    expect(page).toContain('Read Only');
    expect(page).not.toContain('Add note');
    expect(page).not.toContain('Save stage');
    for (const action of ['notes', 'follow-up', 'assign', 'stage']) {
      expect(
        (
          await postForm(
            app,
            `/admin/leads/${lead.id}/${action}`,
            { body: 'x', stage: 'qualified' },
            { Cookie: qa.cookie },
          )
        ).status,
      ).toBe(403);
    }
    expect(await deps.db.selectFrom('lead_notes').selectAll().execute()).toEqual([]);
  });

  test('/crm sends each person to their own inbox', async () => {
    const { app, deps } = await makeTestApp();
    for (const [role, inbox] of [
      ['admin', '/admin/leads'],
      ['manager', '/manager/leads'],
      ['agent', '/agent/leads'],
      ['qa', '/qa/leads'],
    ] as const) {
      const staff = await createStaff(deps, role, { crm: true });
      const res = await get(app, staff.cookie, '/crm');
      expect(res.headers.get('Location')).toBe(inbox);
    }
  });
});

describe('the lead detail (CRM-2, CRM-3)', () => {
  test('notes append with author and time; follow-up and remark save; bad input changes nothing', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const lead = await makeLead(deps.db, { name: 'Ada' });
    const path = `/manager/leads/${lead.id}`;
    expect(
      (await postForm(app, `${path}/notes`, { body: '  Called, no answer.  ' }, { Cookie: manager.cookie }))
        .status,
    ).toBe(303);
    deps.clock.advance(60_000);
    expect(
      (
        await postForm(
          app,
          `${path}/notes`,
          { body: 'Call back Monday <b>9am</b>' },
          { Cookie: manager.cookie },
        )
      ).status,
    ).toBe(303);
    const empty = await postForm(app, `${path}/notes`, { body: '   ' }, { Cookie: manager.cookie });
    expect(empty.status).toBe(422);
    const notes = await deps.db
      .selectFrom('lead_notes')
      .select(['body', 'author_id', 'created_at'])
      .orderBy('created_at')
      .execute();
    expect(notes).toEqual([
      { body: 'Called, no answer.', author_id: manager.id, created_at: '2026-11-23T10:00:00.000Z' },
      { body: 'Call back Monday <b>9am</b>', author_id: manager.id, created_at: '2026-11-23T10:01:00.000Z' },
    ]);
    const html = await (await get(app, manager.cookie, path)).text();
    expect(html).toContain('Call back Monday &lt;b&gt;9am&lt;/b&gt;');
    expect(html.indexOf('Called, no answer.')).toBeLessThan(html.indexOf('Call back Monday'));

    expect(
      (
        await postForm(
          app,
          `${path}/follow-up`,
          { follow_up_on: '2026-11-30', final_remark: 'Wants a quote' },
          { Cookie: manager.cookie },
        )
      ).status,
    ).toBe(303);
    expect(await leadRow(deps.db, lead.id)).toMatchObject({
      follow_up_on: '2026-11-30',
      final_remark: 'Wants a quote',
    });
    expect(
      (await postForm(app, `${path}/follow-up`, { follow_up_on: '30/11/2026' }, { Cookie: manager.cookie }))
        .status,
    ).toBe(422);
    expect((await leadRow(deps.db, lead.id))?.follow_up_on).toBe('2026-11-30');
  });

  test('a stage change on a lead that is not a chat’s moves it; a chat lead moves through its chat', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const web = await makeLead(deps.db, {});
    expect(
      (await postForm(app, `/admin/leads/${web.id}/stage`, { stage: 'converted' }, { Cookie: admin.cookie }))
        .status,
    ).toBe(303);
    expect((await leadRow(deps.db, web.id))?.stage).toBe('converted');
    expect(
      (await postForm(app, `/admin/leads/${web.id}/stage`, { stage: 'won' }, { Cookie: admin.cookie }))
        .status,
    ).toBe(422);

    const project = await makeProject(deps.db);
    const visitor = await makeVisitor(deps.db, { project_id: project.id });
    const chat = await makeConversation(deps.db, { project_id: project.id, visitor_id: visitor.id });
    await makeLead(deps.db, {
      id: visitor.id,
      visitor_id: visitor.id,
      source: 'chat',
      project_id: project.id,
    });
    // An agent who owns the lead may move it even when the chat is held by nobody.
    const agent = await createStaff(deps, 'agent', { crm: true });
    await deps.db.updateTable('leads').set({ assignee_id: agent.id }).where('id', '=', visitor.id).execute();
    expect(
      (
        await postForm(
          app,
          `/agent/leads/${visitor.id}/stage`,
          { stage: 'qualified' },
          { Cookie: agent.cookie },
        )
      ).status,
    ).toBe(303);
    expect((await leadRow(deps.db, visitor.id))?.stage).toBe('qualified');
    const conversation = await deps.db
      .selectFrom('conversations')
      .select('lead_stage')
      .where('id', '=', chat.id)
      .executeTakeFirst();
    expect(conversation?.lead_stage).toBe('qualified');
    const detail = await (await get(app, agent.cookie, `/agent/leads/${visitor.id}`)).text();
    expect(detail).toContain(`href="/agent?chat=${chat.id}"`);
  });
});

describe('the lead beside its chat (issue 14 item 2)', () => {
  test('the agent’s chat pane and the admin chat modal show the chat’s campaign and the lead’s latest notes', async () => {
    const { app, deps } = await makeTestApp();
    await visitorProject(deps.db, { slug: 'acme' });
    const started = await startChatJson(app, 'acme', validForm, {
      Referer: `${ORIGIN}/p/acme?utm_source=google&utm_medium=cpc&utm_campaign=brand-uk&gclid=Cj0K`,
    });
    const { visitorId, conversationId } = (await started.json()) as {
      visitorId: string;
      conversationId: string;
    };
    const agent = await createStaff(deps, 'agent', { crm: true });
    await deps.db
      .updateTable('conversations')
      .set({ assignee_id: agent.id, status: 'active' })
      .where('id', '=', conversationId)
      .execute();
    await deps.db.updateTable('leads').set({ assignee_id: agent.id }).where('id', '=', visitorId).execute();
    expect(
      (
        await postForm(
          app,
          `/agent/leads/${visitorId}/notes`,
          { body: 'Prefers WhatsApp' },
          { Cookie: agent.cookie },
        )
      ).status,
    ).toBe(303);

    const pane = await (
      await get(app, agent.cookie, `/agent/conversations/${conversationId}`, { 'HX-Request': 'true' })
    ).text();
    expect(pane).toContain('aria-label="Lead details"');
    expect(pane).toContain('brand-uk');
    expect(pane).toContain('google / cpc');
    expect(pane).toContain('gclid Cj0K');
    expect(pane).toContain('Prefers WhatsApp');
    expect(pane).toContain(`href="/agent/leads/${visitorId}"`);

    const admin = await createStaff(deps, 'admin');
    const modal = await (
      await get(app, admin.cookie, `/admin/chats/${conversationId}`, { 'HX-Request': 'true' })
    ).text();
    expect(modal).toContain('brand-uk');
    expect(modal).toContain('Prefers WhatsApp');
    expect(modal).toContain(`href="/admin/leads/${visitorId}"`);
  });
});

describe('the lead panel beside a chat writes in place', () => {
  test('a note and a follow-up from the panel answer with the panel; an empty note says why; another visitor’s chat is not used', async () => {
    const { app, deps } = await makeTestApp();
    await visitorProject(deps.db, { slug: 'acme' });
    const started = await startChatJson(app, 'acme', validForm);
    const { visitorId, conversationId } = (await started.json()) as {
      visitorId: string;
      conversationId: string;
    };
    const agent = await createStaff(deps, 'agent', { crm: true });
    await deps.db
      .updateTable('conversations')
      .set({ assignee_id: agent.id, status: 'active' })
      .where('id', '=', conversationId)
      .execute();
    await deps.db.updateTable('leads').set({ assignee_id: agent.id }).where('id', '=', visitorId).execute();
    const hx = { Cookie: agent.cookie, 'HX-Request': 'true' };
    const path = `/agent/leads/${visitorId}`;

    const noted = await postForm(
      app,
      `${path}/notes`,
      { body: 'Wants a callback', conversation: conversationId },
      hx,
    );
    expect(noted.status).toBe(200);
    const panel = await noted.text();
    expect(panel.startsWith(`<section id="lead-side-${visitorId}"`)).toBe(true);
    expect(panel).toContain('Wants a callback');

    const empty = await postForm(app, `${path}/notes`, { body: ' ', conversation: conversationId }, hx);
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Write a note of 1 to 4000 characters.');

    const followed = await postForm(
      app,
      `${path}/follow-up`,
      { follow_up_on: '2026-11-25', final_remark: 'Quote sent', conversation: conversationId },
      hx,
    );
    expect(followed.status).toBe(200);
    expect(await followed.text()).toContain('value="2026-11-25"');
    expect(await leadRow(deps.db, visitorId)).toMatchObject({
      follow_up_on: '2026-11-25',
      final_remark: 'Quote sent',
    });

    // A chat that is not this lead's is not rendered beside it: the plain redirect answers.
    const other = await makeConversation(deps.db, {});
    const elsewhere = await postForm(app, `${path}/notes`, { body: 'x', conversation: other.id }, hx);
    expect(elsewhere.status).toBe(303);
  });
});

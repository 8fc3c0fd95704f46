import { describe, expect, test } from 'bun:test';
import { makeConversation, makeProject } from '../../support/factories.ts';
import { createStaff, makeTestApp } from '../../support/make-app.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });

async function seed() {
  const ctx = await makeTestApp();
  const { deps } = ctx;
  const admin = await createStaff(deps, 'admin');
  const agent = await createStaff(deps, 'agent');
  const project = await makeProject(deps.db, { name: 'Internal: spring ads', title: 'Spring deals' });
  const day = (d: number, h = 10) =>
    `2026-11-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;
  const base = { project_id: project.id };
  await makeConversation(deps.db, {
    ...base,
    visitor_name: 'Ana Lima',
    visitor_phone: '+5511999990000',
    created_at: day(20),
  });
  await makeConversation(deps.db, {
    ...base,
    status: 'active',
    assignee_id: agent.id,
    visitor_name: 'Bruno',
    lead_stage: 'qualified',
    created_at: day(21),
  });
  await makeConversation(deps.db, { ...base, status: 'closed', visitor_name: 'Carla', created_at: day(22) });
  for (let i = 0; i < 30; i++) {
    await makeConversation(deps.db, {
      ...base,
      status: 'offline',
      visitor_name: `Old ${i}`,
      created_at: day(1, 0),
    });
  }
  return { ...ctx, admin, agent };
}

describe('chats table (ADMIN-2)', () => {
  test('status pills with counts, newest first, 25 per page with a keyset "Older" link', async () => {
    const { app, admin } = await seed();
    const res = await app.request('/admin/chats', { headers: { Cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Vary')).toBe('HX-Request');
    const html = await res.text();
    expect(html).toContain('All <span class="status-count">33</span>');
    // The search box says how it matches (ADR 0048), tied to the field.
    expect(html).toContain('aria-describedby="chats-search-hint"');
    expect(html).toContain(
      '<p class="hint" id="chats-search-hint">Name or email starts with…, phone ends with…</p>',
    );
    expect(html).toContain('Offline <span class="status-count">30</span>');
    expect(html).toContain('Assigned <span class="status-count">1</span>');
    expect(html.indexOf('Carla')).toBeLessThan(html.indexOf('Bruno'));
    expect(html.match(/<tr id="chat-row-/g)?.length).toBe(25);
    const older = /href="(\/admin\/chats\?after=[^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const page2 = await (await app.request(older, { headers: hx(admin.cookie) })).text();
    expect(page2).toStartWith('<section id="chats-results"');
    expect(page2.match(/<tr id="chat-row-/g)?.length).toBe(8);
    expect(page2).not.toContain('Older →');
    expect(page2).toContain('← Newest');
  });

  test('filters: status, stage, agent, date range and name/phone search', async () => {
    const { app, deps, agent } = await seed();
    const manager = await createStaff(deps, 'manager');
    const rows = async (query: string) => {
      const html = await (
        await app.request(`/manager/chats?${query}`, { headers: hx(manager.cookie) })
      ).text();
      return html.match(/<tr id="chat-row-/g)?.length ?? 0;
    };
    expect(await rows('status=closed')).toBe(1);
    expect(await rows('stage=qualified')).toBe(1);
    expect(await rows(`agent=${agent.id}`)).toBe(1);
    expect(await rows('from=2026-11-20&to=2026-11-21')).toBe(2);
    // Search (ADR 0048): a name by its beginning, a phone by its end in any format.
    expect(await rows('q=ana')).toBe(1);
    expect(await rows('q=lima')).toBe(0);
    expect(await rows(`q=${encodeURIComponent('+55 11 99999-0000')}`)).toBe(1);
    expect(await rows('q=90000')).toBe(1);
    expect(await rows('q=99999')).toBe(0);
    expect(await rows('q=%25')).toBe(0);
  });

  test('rows name the project by its page title, as the page shows it, not its internal name', async () => {
    const { app, admin } = await seed();
    const html = await (await app.request('/admin/chats', { headers: hx(admin.cookie) })).text();
    expect(html).toContain('Spring deals');
    expect(html).not.toContain('Internal: spring ads');
  });

  test('a date range that ends before it starts is a 422 that says so, and lists nothing', async () => {
    const { app, admin } = await seed();
    for (const headers of [hx(admin.cookie), { Cookie: admin.cookie }]) {
      const res = await app.request('/admin/chats?from=2026-11-22&to=2026-11-20', { headers });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('The start date (22 Nov 2026) is after the end date (20 Nov 2026).');
      expect(html).not.toContain('<tr id="chat-row-');
      expect(html).not.toContain('No chats match these filters.');
    }
  });

  test('a bad filter is a 400 naming the parameter', async () => {
    const { app, admin } = await seed();
    const res = await app.request('/admin/chats?status=lost', { headers: hx(admin.cookie) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The filter &quot;status&quot; is not valid');
    const date = await app.request('/admin/chats?from=yesterday', { headers: hx(admin.cookie) });
    expect(date.status).toBe(400);
  });

  test('agents and QA cannot open the all-chats table or the dashboard', async () => {
    const { app, deps } = await seed();
    for (const role of ['agent', 'qa'] as const) {
      const staff = await createStaff(deps, role);
      for (const path of ['/admin/chats', '/manager/chats', '/admin', '/manager']) {
        expect((await app.request(path, { headers: { Cookie: staff.cookie } })).status).toBe(403);
      }
    }
  });
});

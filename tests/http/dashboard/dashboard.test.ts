import { describe, expect, test } from 'bun:test';
import { seedDashboard } from '../../db/dashboard/dashboard-seed.ts';
import { createStaff, makeTestApp } from '../../support/make-app.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });
const text = (html: string) => html.replaceAll('&amp;', '&');

async function seeded() {
  const ctx = await makeTestApp();
  const projects = await seedDashboard(ctx.deps.db);
  const admin = await createStaff(ctx.deps, 'admin');
  const manager = await createStaff(ctx.deps, 'manager');
  return { ...ctx, ...projects, admin, manager };
}

describe('dashboard (ADMIN-1) over HTTP', () => {
  test('the period at a glance, each figure linking to its filtered report', async () => {
    const { app, admin, alpha } = await seeded();
    const res = await app.request('/admin?days=7', { headers: { Cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Vary')).toBe('HX-Request');
    const html = text(await res.text());
    expect(html).toContain('17 Nov – 23 Nov 2026');
    expect(html).toContain('<a href="/admin?days=7" aria-current="page">7 days</a>');
    const span = 'from=2026-11-17&to=2026-11-23';
    expect(html).toContain(
      `href="/admin/reports/chat-data?${span}"><span class="stat-label">Chats started</span><span class="stat-value">6</span>`,
    );
    expect(html).toContain(
      `href="/admin/leads?${span}"><span class="stat-label">New leads</span><span class="stat-value">4</span>`,
    );
    expect(html).toContain(
      `href="/admin/reports/chat-data?${span}&stage=converted"><span class="stat-label">Converted</span><span class="stat-value">3</span><span class="kpi-note">Value 150.5</span>`,
    );
    expect(html).toContain(
      `href="/admin/reports/crm-analytics?${span}"><span class="stat-label">First response, median</span><span class="stat-value">1m 00s</span><span class="kpi-note">p90 10m 00s · 4 answered</span>`,
    );
    // Per project: chats, leads and converted, each opening the report filtered by the project.
    expect(html).toContain(
      `<a href="/admin/reports/chat-data?${span}&project=${alpha.id}" aria-label="Alpha: 4 chats">4</a>`,
    );
    expect(html).toContain(
      `<a href="/admin/leads?${span}&project=${alpha.id}" aria-label="Alpha: 2 leads">2</a>`,
    );
    expect(html).toContain(
      `<a href="/admin/reports/chat-data?${span}&project=${alpha.id}&stage=converted" aria-label="Alpha: 2 converted">2</a></td><td class="num">150.5</td>`,
    );
    // Trends: a bar per day, each opening that day's rows.
    expect(html).toContain(
      '<a href="/admin/reports/chat-data?from=2026-11-22&to=2026-11-22" aria-label="2026-11-22: 2">',
    );
    expect(html).toContain(
      '<a href="/admin/leads?from=2026-11-21&to=2026-11-21" aria-label="2026-11-21: 1">',
    );
    // Conversions by campaign, most first; the block opens the funnel by campaign.
    expect(html).toContain(
      `href="/admin/reports/crm-analytics?${span}&stage=converted">Funnel by campaign →</a>`,
    );
    expect(html).toMatch(
      /<span class="cell-title">spring<\/span><meter[^>]*value="2"[^>]*><\/meter><span class="load-figure">2<\/span><span class="campaign-value">150.5<\/span>.*No campaign/,
    );
    // The live queue, oldest first, with the time each has waited.
    expect(html).toMatch(
      /Waiting Wanda<\/span><span class="muted small queue-project">Alpha<\/span><span class="pill pill-warning" title="Waiting for">5m 00s<\/span>.*Patient Pat<\/span><span class="muted small queue-project">Beta<\/span><span class="pill pill-warning" title="Waiting for">2m 00s<\/span>/,
    );
    expect(html).toContain('<a class="small" href="/admin/chats?status=unassigned">2 in the queue →</a>');
    expect(html).toContain('<span class="stat-label">Unassigned</span><span class="stat-value">2</span>');
    expect(html).toContain('<span class="stat-label">Closed</span><span class="stat-value">2</span>');
  });

  test('a manager sees every project (ADMIN-7: all) with links under their own console', async () => {
    const { app, manager, beta } = await seeded();
    const html = text(
      await (await app.request('/manager?days=7', { headers: { Cookie: manager.cookie } })).text(),
    );
    expect(html).toContain(
      `<a href="/manager/reports/chat-data?from=2026-11-17&to=2026-11-23&project=${beta.id}" aria-label="Beta: 2 chats">2</a>`,
    );
    expect(html).toContain('<span class="stat-label">Chats started</span><span class="stat-value">6</span>');
    expect(html).not.toContain('/admin/reports');
  });

  test('the live region reloads alone, and its wait times follow the clock', async () => {
    const { app, deps, admin } = await seeded();
    const page = text(
      await (await app.request('/admin?days=7', { headers: { Cookie: admin.cookie } })).text(),
    );
    expect(page).toContain(
      '<div id="dashboard-live" data-live-refresh="true" hx-get="/admin/dashboard/live?days=7" hx-trigger="live-refresh, every 30s" hx-swap="outerHTML">',
    );
    deps.clock.advance(60_000);
    const res = await app.request('/admin/dashboard/live?days=7', { headers: hx(admin.cookie) });
    expect(res.status).toBe(200);
    expect(res.headers.get('Vary')).toBe('HX-Request');
    const live = await res.text();
    expect(live).toStartWith('<div id="dashboard-live"');
    expect(live).toContain('6m 00s');
    expect(live).toContain('3m 00s');
    expect(live).not.toContain('Chats per day');
    const plain = await app.request('/admin/dashboard/live?days=7', { headers: { Cookie: admin.cookie } });
    expect(plain.status).toBe(303);
    expect(plain.headers.get('Location')).toBe('/admin?days=7');
  });

  test('a period change by htmx swaps the body; the period region refreshes itself', async () => {
    const { app, admin } = await seeded();
    const fragment = await (
      await app.request('/admin?from=2026-11-22&to=2026-11-23', { headers: hx(admin.cookie) })
    ).text();
    expect(fragment).toStartWith('<div id="dashboard-body">');
    expect(text(fragment)).toContain(
      'hx-get="/admin?from=2026-11-22&to=2026-11-23" hx-trigger="every 300s" hx-select="#dashboard-period"',
    );
    expect(fragment).toContain(
      '<span class="stat-label">Chats started</span><span class="stat-value">4</span>',
    );
  });

  test('bad input: a malformed filter is a 400 naming it, an impossible range a 422 saying why', async () => {
    const { app, admin } = await seeded();
    const days = await app.request('/admin?days=9', { headers: hx(admin.cookie) });
    expect(days.status).toBe(400);
    expect(await days.text()).toContain('The filter &quot;days&quot; is not valid');
    expect((await app.request('/admin?from=yesterday', { headers: hx(admin.cookie) })).status).toBe(400);
    const backwards = await app.request('/admin?from=2026-11-22&to=2026-11-20', {
      headers: { Cookie: admin.cookie },
    });
    expect(backwards.status).toBe(422);
    const html = await backwards.text();
    expect(html).toContain('The start date (22 Nov 2026) is after the end date (20 Nov 2026).');
    expect(html).toContain(
      'id="dashboard-from" name="from" type="date" value="2026-11-22" aria-invalid="true"',
    );
    expect(html).not.toContain('class="stat-value"');
    const long = await app.request('/admin?from=2026-09-01&to=2026-11-20', { headers: hx(admin.cookie) });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('The dashboard shows at most 31 days (this range has 81).');
    const live = await app.request('/admin/dashboard/live?from=2026-11-22&to=2026-11-20', {
      headers: hx(admin.cookie),
    });
    expect(live.status).toBe(422);
  });

  test('agents and QA are refused the dashboard and its live region (ADMIN-7)', async () => {
    const { app, deps } = await seeded();
    for (const role of ['agent', 'qa'] as const) {
      const staff = await createStaff(deps, role);
      for (const path of ['/admin', '/manager', '/admin/dashboard/live', '/manager/dashboard/live?days=7']) {
        expect((await app.request(path, { headers: hx(staff.cookie) })).status).toBe(403);
      }
    }
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { pollDueSheetSources } from '../../../src/crm/sheet-sources.service.ts';
import type { Db } from '../../../src/db/database.ts';
import { makeProject } from '../../support/factories.ts';
import { type FakeGoogle, startFakeGoogle } from '../../support/fakes/fake-google.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';
import { type TestDatabase, testDialects } from '../../support/test-db.ts';

/**
 * Where a source's leads land (docs/decisions/0046): a Google Sheets source and each project's
 * web-form leads pick a default stage and owner; the owner must be an active agent with CRM Leads.
 * Over HTTP on SQLite and PostgreSQL, the Sheets source polled through the real googleapis client
 * against the fake Google on 127.0.0.1.
 */
const TAB = 'Form Responses 1';
const ROWS = [
  ['Timestamp', 'Name', 'Phone', 'Stage'],
  ['2026-11-20 10:15:03', 'Ann', '+447400123456', ''],
  ['2026-11-20 10:16:40', 'Ben', '+447400123457', 'Converted'],
];
const SITE = 'https://www.acme.example';

let google: FakeGoogle;
beforeAll(() => {
  google = startFakeGoogle();
});
afterAll(() => google.stop());

for (const dialect of testDialects.filter((one) => one.name !== 'mssql')) {
  describe(`default stage and owner on ${dialect.name}`, () => {
    const opened: TestDatabase[] = [];
    afterAll(async () => {
      await Promise.all(opened.map((database) => database.dispose()));
    });

    async function setup() {
      const database = await dialect.create();
      opened.push(database);
      const made = await makeTestApp({ db: database.db, env: { GOOGLE_SHEETS_API_URL: google.rootUrl } });
      const project = await makeProject(made.deps.db, { slug: 'acme', default_country: 'GB' });
      await made.deps.db
        .insertInto('project_origins')
        .values({
          id: made.deps.ids.next(),
          project_id: project.id,
          origin: SITE,
          created_at: project.created_at,
        })
        .execute();
      const admin = await createStaff(made.deps, 'admin');
      const owner = await createStaff(made.deps, 'agent', { crm: true });
      const chatOnly = await createStaff(made.deps, 'agent', { crm: false });
      const manager = await createStaff(made.deps, 'manager');
      return { ...made, project, admin, owner, chatOnly, manager };
    }
    type Setup = Awaited<ReturnType<typeof setup>>;

    const sheetForm = (s: Setup, sheetId: string, extra: Record<string, string>) => ({
      name: 'Contact form',
      project: s.project.id,
      spreadsheet_id: sheetId,
      range: TAB,
      mapping: '',
      poll_interval_s: '',
      default_country: 'GB',
      key_json: google.serviceAccountJson(),
      ...extra,
    });
    const sourceCount = async (db: Db) =>
      (await db.selectFrom('lead_sources').select('id').where('kind', '=', 'sheet').execute()).length;

    test('a Sheets source refuses a stage or owner it cannot use, naming the field, and saves nothing', async () => {
      const s = await setup();
      const sheetId = `1AbCdEfGhIjKlMnOpQrStUv${s.deps.ids.next().slice(-10)}`;
      const cases: Array<[Record<string, string>, string, string]> = [
        [{ default_stage: 'won' }, 'source-stage', 'Choose a stage from the list.'],
        [{ default_owner: s.chatOnly.id }, 'source-owner', 'Choose an active agent with CRM Leads'],
        [{ default_owner: s.manager.id }, 'source-owner', 'Choose an active agent with CRM Leads'],
        [{ default_owner: 'NOSUCHUSER0000000000000000' }, 'source-owner', 'Choose an active agent'],
      ];
      for (const [extra, field, message] of cases) {
        const res = await postForm(s.app, '/admin/lead-sources', sheetForm(s, sheetId, extra), {
          Cookie: s.admin.cookie,
        });
        expect(res.status).toBe(422);
        const html = await res.text();
        expect(html).toContain(message);
        expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
      }
      expect(await sourceCount(s.deps.db)).toBe(0);
    });

    test('a Sheets source imports rows without a stage in its stage, all of them to its owner', async () => {
      const s = await setup();
      const sheetId = `1AbCdEfGhIjKlMnOpQrStUv${s.deps.ids.next().slice(-10)}`;
      google.putSheet(sheetId, { [TAB]: ROWS });
      const added = await postForm(
        s.app,
        '/admin/lead-sources',
        sheetForm(s, sheetId, { default_stage: 'qualified', default_owner: s.owner.id }),
        { Cookie: s.admin.cookie },
      );
      expect(added.status).toBe(303);
      const path = added.headers.get('Location') ?? '';
      const edit = await (await s.app.request(path, { headers: { Cookie: s.admin.cookie } })).text();
      expect(edit).toMatch(/<option value="qualified" selected/);
      expect(edit).toContain(`<option value="${s.owner.id}" selected`);
      expect(await pollDueSheetSources(s.deps, s.deps.clock.now())).toEqual({ polled: 1, failed: 0 });
      const leads = await s.deps.db
        .selectFrom('leads')
        .select(['name', 'stage', 'assignee_id'])
        .where('source', '=', 'sheet')
        .orderBy('name')
        .execute();
      expect(leads).toEqual([
        { name: 'Ann', stage: 'qualified', assignee_id: s.owner.id },
        { name: 'Ben', stage: 'converted', assignee_id: s.owner.id },
      ]);
    });

    test('a Sheets source whose owner has since lost CRM Leads imports its rows unassigned', async () => {
      const s = await setup();
      const sheetId = `1AbCdEfGhIjKlMnOpQrStUv${s.deps.ids.next().slice(-10)}`;
      google.putSheet(sheetId, { [TAB]: ROWS });
      await postForm(s.app, '/admin/lead-sources', sheetForm(s, sheetId, { default_owner: s.owner.id }), {
        Cookie: s.admin.cookie,
      });
      await s.deps.db.updateTable('users').set({ crm_enabled: 0 }).where('id', '=', s.owner.id).execute();
      await pollDueSheetSources(s.deps, s.deps.clock.now());
      const leads = await s.deps.db
        .selectFrom('leads')
        .select(['stage', 'assignee_id'])
        .orderBy('name')
        .execute();
      expect(leads).toEqual([
        { stage: 'new', assignee_id: null },
        { stage: 'converted', assignee_id: null },
      ]);
    });

    const webLead = (s: Setup, clientId: string) =>
      s.app.request('/api/web-leads', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: SITE },
        body: JSON.stringify({
          project: 'acme',
          client_id: clientId,
          name: 'Web Ann',
          phone: '+447400123470',
          page_url: `${SITE}/offer`,
        }),
      });
    const settingsPath = (s: Setup) => `/admin/projects/${s.project.id}/web-leads`;

    test('web-form leads land in the stage and with the owner the project settings pick', async () => {
      const s = await setup();
      const before = await webLead(s, 'client-before');
      expect(before.status).toBe(201);
      const section = await s.app.request(settingsPath(s), {
        headers: { Cookie: s.admin.cookie, 'HX-Request': 'true' },
      });
      expect(section.status).toBe(200);
      expect(section.headers.get('Vary')).toContain('HX-Request');
      const html = await section.text();
      expect(html.startsWith('<form id="web-lead-settings"')).toBe(true);
      expect(html).toContain(`<option value="${s.owner.id}">`);
      expect(html).not.toContain(`<option value="${s.chatOnly.id}">`);
      const saved = await postForm(
        s.app,
        settingsPath(s),
        { stage: 'qualified', owner: s.owner.id },
        { Cookie: s.admin.cookie, 'HX-Request': 'true' },
      );
      expect(saved.status).toBe(200);
      expect(await saved.text()).toContain('Saved.');
      const after = await webLead(s, 'client-after');
      expect(after.status).toBe(201);
      const { id } = (await after.json()) as { id: string };
      const leads = await s.deps.db
        .selectFrom('leads')
        .select(['id', 'stage', 'assignee_id'])
        .where('source', '=', 'web')
        .execute();
      expect(leads.find((lead) => lead.id === id)).toMatchObject({
        stage: 'qualified',
        assignee_id: s.owner.id,
      });
      // The lead from before the change keeps New, unassigned.
      expect(leads.find((lead) => lead.id !== id)).toMatchObject({ stage: 'new', assignee_id: null });
      // The project page holds the section's place (htmx loads it; the link works without).
      const projectPage = await (
        await s.app.request(`/admin/projects/${s.project.id}`, { headers: { Cookie: s.admin.cookie } })
      ).text();
      expect(projectPage).toContain(`hx-get="${settingsPath(s)}" hx-trigger="load"`);
    });

    test('the web-form settings refuse an owner who cannot hold leads or an unknown stage (422, field named, nothing changed)', async () => {
      const s = await setup();
      await postForm(
        s.app,
        settingsPath(s),
        { stage: 'converted', owner: s.owner.id },
        { Cookie: s.admin.cookie },
      );
      for (const [form, field] of [
        [{ stage: 'qualified', owner: s.chatOnly.id }, 'web-lead-owner'],
        [{ stage: 'archived', owner: '' }, 'web-lead-stage'],
      ] as const) {
        const res = await postForm(s.app, settingsPath(s), form, {
          Cookie: s.admin.cookie,
          'HX-Request': 'true',
        });
        expect(res.status).toBe(422);
        expect(await res.text()).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
      }
      const project = await s.deps.db
        .selectFrom('projects')
        .select(['web_lead_stage', 'web_lead_owner_id'])
        .where('id', '=', s.project.id)
        .executeTakeFirstOrThrow();
      expect(project).toEqual({ web_lead_stage: 'converted', web_lead_owner_id: s.owner.id });
      // Only admins (config.manage): a manager is refused and changes nothing.
      const asManager = await postForm(
        s.app,
        settingsPath(s),
        { stage: 'new', owner: '' },
        { Cookie: s.manager.cookie },
      );
      expect(asManager.status).toBe(403);
      const unknown = await s.app.request('/admin/projects/NOSUCHPROJECT0000000000000/web-leads', {
        headers: { Cookie: s.admin.cookie },
      });
      expect(unknown.status).toBe(404);
    });

    test('a web-form owner who has since left gets no new leads: they arrive unassigned', async () => {
      const s = await setup();
      await postForm(s.app, settingsPath(s), { stage: '', owner: s.owner.id }, { Cookie: s.admin.cookie });
      await s.deps.db.updateTable('users').set({ is_active: 0 }).where('id', '=', s.owner.id).execute();
      expect((await webLead(s, 'client-late')).status).toBe(201);
      const lead = await s.deps.db
        .selectFrom('leads')
        .select(['stage', 'assignee_id'])
        .where('source', '=', 'web')
        .executeTakeFirstOrThrow();
      expect(lead).toEqual({ stage: 'new', assignee_id: null });
    });
  });
}

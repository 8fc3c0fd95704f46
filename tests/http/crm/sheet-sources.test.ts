import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Db } from '../../../src/db/database.ts';
import { databaseLease } from '../../../src/jobs/lease.ts';
import { createScheduler } from '../../../src/jobs/scheduler.ts';
import { loadRoutingSettings } from '../../../src/routing/routing.service.ts';
import { allSweepers } from '../../../src/start-jobs.ts';
import { makeLead, makeProject } from '../../support/factories.ts';
import { type FakeGoogle, startFakeGoogle } from '../../support/fakes/fake-google.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';
import { freshPostgres, postgresUrl } from '../../support/test-db.ts';

/**
 * Google Sheets lead sources (CRM-6): an admin adds a source over HTTP; the poller (the
 * `sheet-sources` sweeper of allSweepers(), run by the scheduler under the leader lease) reads the
 * sheet through the real googleapis client against the fake token + Sheets servers on 127.0.0.1,
 * on a manual clock.
 */
const SHEET_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const TAB = 'Form Responses 1';
const header = ['Timestamp', 'Name', 'Phone', 'Email', 'Notes'];
const ann = ['2026-11-20 10:15:03', 'Ann', '07400 123456', 'ann@example.com', ''];
const ben = ['2026-11-20 10:16:40', 'Ben', '+447400123457', '', 'call after 5'];
const cat = ['2026-11-20 10:20:00', 'Cat', '', 'cat@example.com', ''];
const dan = ['2026-11-20 10:25:00', 'Dan', '+447400123459', '', ''];

let google: FakeGoogle;
beforeAll(() => {
  google = startFakeGoogle();
});
afterAll(() => google.stop());

async function setup(rows: string[][] = [header, ann, ben, cat], db?: Db) {
  const made = await makeTestApp({ env: { GOOGLE_SHEETS_API_URL: google.rootUrl }, ...(db ? { db } : {}) });
  const project = await makeProject(made.deps.db, { slug: 'acme', default_country: 'GB' });
  const admin = await createStaff(made.deps, 'admin');
  const sheetId = `${SHEET_ID}${made.deps.ids.next().slice(-8)}`;
  google.clearScripts();
  google.putSheet(sheetId, { [TAB]: rows });
  const sweepers = allSweepers(await loadRoutingSettings(made.deps)).filter(
    (s) => s.name === 'sheet-sources',
  );
  expect(sweepers).toHaveLength(1);
  const lease = databaseLease(made.deps.db, { name: 'sweepers', holder: 'test', ttlMs: 15_000 });
  const scheduler = createScheduler(made.deps, sweepers, { lease });
  const key = google.serviceAccountJson();
  const added = await postForm(
    made.app,
    '/admin/lead-sources',
    {
      name: 'Contact form',
      project: project.id,
      spreadsheet_id: `https://docs.google.com/spreadsheets/d/${sheetId}/edit#gid=0`,
      range: TAB,
      mapping: '',
      poll_interval_s: '',
      default_country: 'GB',
      key_json: key,
    },
    { Cookie: admin.cookie },
  );
  expect(added.status).toBe(303);
  const path = added.headers.get('Location') ?? '';
  const sourceId = path.split('/').pop() ?? '';
  /** One scheduler beat at the clock's time; the number of values.get calls it made. */
  const beat = async () => {
    const before = google.requests.values;
    await scheduler.runDue(made.deps.clock.now());
    return google.requests.values - before;
  };
  const source = () =>
    made.deps.db.selectFrom('lead_sources').selectAll().where('id', '=', sourceId).executeTakeFirstOrThrow();
  return { ...made, project, admin, sheetId, path, sourceId, beat, source, key };
}

/** The Sheet leads by name (one poll writes them in the same millisecond). */
const sheetLeads = (db: Db) =>
  db.selectFrom('leads').selectAll().where('source', '=', 'sheet').orderBy('name').execute();

const SECOND = 1000;

describe('adding a source', () => {
  test('the key is sealed and never rendered back; the page shows whom to share the sheet with', async () => {
    const s = await setup();
    const row = await s.source();
    expect(row).toMatchObject({
      kind: 'sheet',
      sheet_id: s.sheetId,
      sheet_range: TAB,
      poll_interval_s: 60,
      enabled: 1,
      client_email: google.clientEmail,
      default_country: 'GB',
    });
    expect(row.key_sealed).not.toContain('PRIVATE KEY');
    expect(s.deps.secrets.open(row.key_sealed ?? '')).toBe(s.key);
    const page = await (await s.app.request(s.path, { headers: { Cookie: s.admin.cookie } })).text();
    expect(page).toContain(google.clientEmail);
    expect(page).not.toContain('PRIVATE KEY');
    const list = await (
      await s.app.request('/admin/lead-sources', { headers: { Cookie: s.admin.cookie } })
    ).text();
    expect(list).toContain('Contact form');
    expect(list).not.toContain('PRIVATE KEY');
  });

  test('a bad key, a missing sheet id or a bad interval is refused with the field; the key is not echoed', async () => {
    const s = await setup();
    const res = await postForm(
      s.app,
      '/admin/lead-sources',
      {
        name: 'Broken',
        project: s.project.id,
        spreadsheet_id: 'nope',
        range: TAB,
        poll_interval_s: '5',
        key_json: '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----x"}',
      },
      { Cookie: s.admin.cookie },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('the part after /spreadsheets/d/');
    expect(html).toContain('Poll every 30 to 86400 seconds');
    expect(html).not.toContain('BEGIN PRIVATE KEY');
  });

  test('agents and managers cannot see or add sources', async () => {
    const s = await setup();
    for (const role of ['manager', 'agent', 'qa'] as const) {
      const person = await createStaff(s.deps, role, { crm: true });
      expect(
        (await s.app.request('/admin/lead-sources', { headers: { Cookie: person.cookie } })).status,
      ).toBe(403);
    }
  });
});

describe('polling', () => {
  test('the first poll imports every row; later polls only new ones, also after a row is inserted above', async () => {
    const s = await setup();
    expect(await s.beat()).toBe(1);
    const first = await sheetLeads(s.deps.db);
    expect(first.map((lead) => [lead.name, lead.phone, lead.email])).toEqual([
      ['Ann', '+447400123456', 'ann@example.com'],
      ['Ben', '+447400123457', null],
      ['Cat', null, 'cat@example.com'],
    ]);
    expect(first.every((lead) => lead.source_id === s.sourceId && lead.project_id === s.project.id)).toBe(
      true,
    );
    const notes = await s.deps.db.selectFrom('lead_notes').select(['lead_id', 'body']).execute();
    expect(notes).toEqual([{ lead_id: first[1]?.id ?? '', body: 'call after 5' }]);
    expect((await s.source()).last_result).toContain('3 new rows: 3 imported');

    // Not due before the interval.
    s.deps.clock.advance(30 * SECOND);
    expect(await s.beat()).toBe(0);
    s.deps.clock.advance(30 * SECOND);
    expect(await s.beat()).toBe(1);
    expect(await sheetLeads(s.deps.db)).toHaveLength(3);
    expect((await s.source()).last_result).toBe('No new rows.');

    // A row inserted above the others, and the sheet re-sorted: only Dan is new.
    google.setTab(s.sheetId, TAB, [header, dan, cat, ann, ben]);
    s.deps.clock.advance(60 * SECOND);
    expect(await s.beat()).toBe(1);
    const after = await sheetLeads(s.deps.db);
    expect(after.map((lead) => lead.name)).toEqual(['Ann', 'Ben', 'Cat', 'Dan']);
    s.deps.clock.advance(60 * SECOND);
    expect(await s.beat()).toBe(1);
    expect(await sheetLeads(s.deps.db)).toHaveLength(4);
  });

  test('a row matching an existing lead is merged into it; a rejected row is reported once', async () => {
    const existing = ['2026-11-21 09:00:00', 'Eve', '+447400123460', '', ''];
    const bad = ['2026-11-21 09:05:00', 'Fay', '12345', '', ''];
    const s = await setup([header, existing, bad]);
    const lead = await makeLead(s.deps.db, {
      project_id: s.project.id,
      source: 'web',
      name: null,
      phone: '+447400123460',
    });
    await s.beat();
    expect(await sheetLeads(s.deps.db)).toHaveLength(0);
    const merged = await s.deps.db
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', lead.id)
      .executeTakeFirstOrThrow();
    expect(merged.name).toBe('Eve');
    const state = await s.source();
    expect(state.last_result).toContain('1 merged into existing leads');
    expect(state.last_result).toContain('1 rejected (row 3: Phone:');
    s.deps.clock.advance(60 * SECOND);
    await s.beat();
    expect((await s.source()).last_result).toBe('No new rows.');
  });

  test('403: the exact "share the sheet with <client_email>" advice with the time; polled at the ceiling until shared', async () => {
    const s = await setup();
    google.putSheet(s.sheetId, { [TAB]: [header, ann] }, { sharedWith: [] });
    const at = s.deps.clock.now().toISOString();
    expect(await s.beat()).toBe(1);
    const failed = await s.source();
    expect(failed.last_error).toBe(
      `The sheet is not shared with ${google.clientEmail}: share it with that address as a Viewer`,
    );
    expect(failed.last_error_at).toBe(at);
    expect(failed.failures).toBe(1);
    expect(failed.next_poll_at).toBe(new Date(Date.parse(at) + 15 * 60 * SECOND).toISOString());
    const page = await (await s.app.request(s.path, { headers: { Cookie: s.admin.cookie } })).text();
    expect(page).toContain(`The sheet is not shared with ${google.clientEmail}`);

    google.putSheet(s.sheetId, { [TAB]: [header, ann] });
    s.deps.clock.advance(14 * 60 * SECOND);
    expect(await s.beat()).toBe(0);
    s.deps.clock.advance(60 * SECOND);
    expect(await s.beat()).toBe(1);
    const recovered = await s.source();
    expect(recovered).toMatchObject({ failures: 0, last_error: null });
    expect(await sheetLeads(s.deps.db)).toHaveLength(1);
  });

  test('429 with Retry-After and 500s: recorded, retried with back-off, then imported', async () => {
    const s = await setup();
    google.failValues({ status: 429, retryAfter: '300' });
    const start = s.deps.clock.now().getTime();
    expect(await s.beat()).toBe(1);
    let state = await s.source();
    expect(state.last_error).toContain('quota');
    expect(state.next_poll_at).toBe(new Date(start + 300 * SECOND).toISOString());
    s.deps.clock.advance(120 * SECOND);
    expect(await s.beat()).toBe(0);

    google.failValues({ status: 500 }, 2);
    s.deps.clock.set(new Date(start + 300 * SECOND));
    expect(await s.beat()).toBe(1);
    state = await s.source();
    expect(state.failures).toBe(2);
    expect(state.last_error).toContain('500');
    // interval × 2^2 = 240 s
    expect(state.next_poll_at).toBe(new Date(start + 540 * SECOND).toISOString());
    s.deps.clock.set(new Date(start + 540 * SECOND));
    expect(await s.beat()).toBe(1);
    state = await s.source();
    expect(state.failures).toBe(3);
    expect(state.next_poll_at).toBe(new Date(start + 1020 * SECOND).toISOString());
    s.deps.clock.set(new Date(start + 1020 * SECOND));
    expect(await s.beat()).toBe(1);
    expect(await s.source()).toMatchObject({ failures: 0, last_error: null });
    expect(await sheetLeads(s.deps.db)).toHaveLength(3);
  });

  test('a disabled source never polls; enabling it polls at once', async () => {
    const s = await setup();
    const off = await postForm(s.app, `${s.path}/enabled`, { enabled: '0' }, { Cookie: s.admin.cookie });
    expect(off.status).toBe(303);
    for (let i = 0; i < 5; i++) {
      expect(await s.beat()).toBe(0);
      s.deps.clock.advance(10 * 60 * SECOND);
    }
    expect(await sheetLeads(s.deps.db)).toHaveLength(0);
    expect(await (await s.app.request(s.path, { headers: { Cookie: s.admin.cookie } })).text()).toContain(
      'Disabled: never polls',
    );
    await postForm(s.app, `${s.path}/enabled`, { enabled: '1' }, { Cookie: s.admin.cookie });
    expect(await s.beat()).toBe(1);
    expect(await sheetLeads(s.deps.db)).toHaveLength(3);
  });

  test('editing keeps the key when none is pasted; the mapping is by header name', async () => {
    const s = await setup([
      ['When', 'Who', 'WhatsApp', 'Mail'],
      ['2026-11-20 10:15:03', 'Ann', '07400 123456', 'ann@example.com'],
    ]);
    const edited = await postForm(
      s.app,
      s.path,
      {
        name: 'Renamed',
        project: s.project.id,
        spreadsheet_id: s.sheetId,
        range: TAB,
        mapping: 'Name = Who\nPhone = WhatsApp\nEmail = Mail\nSubmitted at (timestamp) = When',
        poll_interval_s: '120',
        default_country: 'GB',
        key_json: '',
        enabled: 'on',
      },
      { Cookie: s.admin.cookie },
    );
    expect(edited.status).toBe(303);
    const row = await s.source();
    expect(row).toMatchObject({ name: 'Renamed', poll_interval_s: 120, client_email: google.clientEmail });
    expect(s.deps.secrets.open(row.key_sealed ?? '')).toBe(s.key);
    const page = await (await s.app.request(s.path, { headers: { Cookie: s.admin.cookie } })).text();
    expect(page).toContain('Phone = WhatsApp');
    expect(await s.beat()).toBe(1);
    expect((await sheetLeads(s.deps.db)).map((lead) => [lead.name, lead.phone])).toEqual([
      ['Ann', '+447400123456'],
    ]);
  });
});

describe.if(Boolean(postgresUrl))('polling on PostgreSQL', () => {
  test('first poll imports all, a row inserted above is the only new one, a 403 is recorded', async () => {
    const pg = await freshPostgres(postgresUrl ?? '');
    try {
      const s = await setup([header, ann, ben], pg.db);
      expect(await s.beat()).toBe(1);
      expect(await sheetLeads(s.deps.db)).toHaveLength(2);
      google.setTab(s.sheetId, TAB, [header, dan, ann, ben]);
      s.deps.clock.advance(60 * SECOND);
      expect(await s.beat()).toBe(1);
      expect((await sheetLeads(s.deps.db)).map((lead) => lead.name)).toEqual(['Ann', 'Ben', 'Dan']);
      google.putSheet(s.sheetId, { [TAB]: [header, ann] }, { sharedWith: [] });
      s.deps.clock.advance(60 * SECOND);
      expect(await s.beat()).toBe(1);
      expect((await s.source()).last_error).toContain(`not shared with ${google.clientEmail}`);
    } finally {
      await pg.dispose();
    }
  });
});

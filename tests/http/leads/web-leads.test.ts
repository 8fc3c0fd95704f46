import { describe, expect, test } from 'bun:test';
import type { Db } from '../../../src/db/database.ts';
import { randomToken } from '../../../src/shared/ids.ts';
import { makeProject } from '../../support/factories.ts';
import { makeTestApp, ORIGIN } from '../../support/make-app.ts';
import { BROWSER_UA, fromPeer } from '../../support/peer.ts';

/** POST /api/web-leads (CRM-1, WID-6): the contract in the README, "Embedding" → lead-form.js. */
const SITE = 'https://www.client.com';
const CLIENT_ID = '3f0c9a52-6f1e-4b7a-9d2e-0c1b2a3d4e5f';

async function allow(db: Db, projectId: string, origin: string) {
  await db
    .insertInto('project_origins')
    .values({
      id: `o-${randomToken().slice(0, 20)}`,
      project_id: projectId,
      origin,
      created_at: '2026-11-23T10:00:00.000Z',
    })
    .execute();
}

async function setup() {
  const made = await makeTestApp();
  const project = await makeProject(made.deps.db, { slug: 'acme', default_country: 'GB' });
  await allow(made.deps.db, project.id, 'https://*.client.com');
  return { ...made, project };
}

type App = Awaited<ReturnType<typeof setup>>['app'];

const landing = `${SITE}/contact?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=abc123`;
const readmeFields = {
  client_id: CLIENT_ID,
  project: 'acme',
  name: 'Ada Lovelace',
  phone: '+44 7400 123456',
  email: 'Ada@Example.com',
  page_url: landing,
  landing_url: landing,
  referrer: 'https://www.google.com/',
  utm_source: 'google',
  utm_medium: 'cpc',
  utm_campaign: 'brand',
  gclid: 'abc123',
  form: 'contact',
};

function postLead(
  app: App,
  fields: Record<string, string>,
  { origin = SITE as string | null, peer = '203.0.113.7' } = {},
) {
  return app.request(
    '/api/web-leads',
    {
      method: 'POST',
      headers: {
        ...(origin ? { Origin: origin } : {}),
        'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
        'User-Agent': BROWSER_UA,
        'Sec-Fetch-Site': 'cross-site',
      },
      body: new URLSearchParams(fields).toString(),
    },
    fromPeer(peer),
  );
}

const countOf = async (db: Db, table: 'leads' | 'attributions' | 'web_lead_receipts') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('POST /api/web-leads', () => {
  test('a lead from an allowed site is stored with its contact, page, form and campaign', async () => {
    const { app, deps, project } = await setup();
    const res = await postLead(app, readmeFields);
    expect(res.status).toBe(201);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(SITE);
    const { id, duplicate } = (await res.json()) as { id: string; duplicate: boolean };
    expect(duplicate).toBe(false);
    const lead = await deps.db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({
      project_id: project.id,
      source: 'web',
      external_key: CLIENT_ID,
      name: 'Ada Lovelace',
      phone: '+447400123456',
      phone_country: 'GB',
      email: 'ada@example.com',
      page_url: landing,
      form_name: 'contact',
      stage: 'new',
      assignee_id: null,
      duplicate_of_id: null,
    });
    const touch = await deps.db
      .selectFrom('attributions')
      .selectAll()
      .where('id', '=', lead.attribution_id ?? '')
      .executeTakeFirstOrThrow();
    expect(touch).toMatchObject({
      visitor_id: null,
      landing_url: landing,
      referrer: 'https://www.google.com/',
      source_domain: 'www.google.com',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'brand',
      gclid: 'abc123',
      ip: '203.0.113.7',
      user_agent: BROWSER_UA,
    });
  });

  test('JSON works too, after the CORS preflight a JSON body needs', async () => {
    const { app, deps } = await setup();
    const preflight = await app.request('/api/web-leads', {
      method: 'OPTIONS',
      headers: { Origin: SITE, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe(SITE);
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toBe('Content-Type');
    const res = await app.request(
      '/api/web-leads',
      {
        method: 'POST',
        headers: { Origin: SITE, 'Content-Type': 'application/json', 'User-Agent': BROWSER_UA },
        body: JSON.stringify({ client_id: CLIENT_ID, project: 'acme', email: 'grace@example.com' }),
      },
      fromPeer('203.0.113.7'),
    );
    expect(res.status).toBe(201);
    expect(await countOf(deps.db, 'leads')).toBe(1);
  });

  test('the same client id again is the same lead: one lead, one touch, whatever the timing', async () => {
    const { app, deps } = await setup();
    const first = (await (await postLead(app, readmeFields)).json()) as { id: string };
    const again = await postLead(app, { ...readmeFields, name: 'Someone Else' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: first.id, duplicate: true });
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => postLead(app, { ...readmeFields, client_id: 'race-0000-1111' })),
    );
    expect(racing.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const ids = new Set(
      await Promise.all(racing.map(async (res) => ((await res.json()) as { id: string }).id)),
    );
    expect(ids.size).toBe(1);
    expect(await countOf(deps.db, 'leads')).toBe(2);
    expect(await countOf(deps.db, 'attributions')).toBe(2);
    expect(await countOf(deps.db, 'web_lead_receipts')).toBe(2);
  });

  test('a site not on the allowed origins, or no Origin at all, is refused and nothing is written', async () => {
    const { app, deps } = await setup();
    const other = await postLead(app, readmeFields, { origin: 'https://evil.example' });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: 'origin.not_allowed' });
    expect((await postLead(app, readmeFields, { origin: 'https://client.com.evil.example' })).status).toBe(
      403,
    );
    expect((await postLead(app, readmeFields, { origin: null })).status).toBe(403);
    expect(await countOf(deps.db, 'leads')).toBe(0);
    expect(await countOf(deps.db, 'attributions')).toBe(0);
    // Our own pages (the widget's frame) may always post.
    expect((await postLead(app, readmeFields, { origin: ORIGIN })).status).toBe(201);
  });

  test('bad fields get 422 naming each field at fault, and change nothing', async () => {
    const { app, deps } = await setup();
    const refused = async (fields: Record<string, string>) => {
      const res = await postLead(app, fields);
      expect(res.status).toBe(422);
      return ((await res.json()) as { fields: Record<string, string> }).fields;
    };
    const base = { client_id: CLIENT_ID, project: 'acme' };
    expect(Object.keys(await refused({ ...base, phone: '12', email: 'a<b@example.com' })).sort()).toEqual([
      'email',
      'phone',
    ]);
    expect(await refused({ ...base, name: 'Ada' })).toEqual({
      phone: 'No phone number and no email address: a lead needs at least one.',
    });
    expect(Object.keys(await refused({ project: 'acme', email: 'a@example.com' }))).toEqual(['client_id']);
    expect(Object.keys(await refused({ ...base, client_id: 'x', email: 'a@example.com' }))).toEqual([
      'client_id',
    ]);
    expect(await refused({ ...base, email: 'a@example.com', page_url: 'javascript:alert(1)' })).toEqual({
      page_url: 'page_url must be an http(s) address.',
    });
    expect(Object.keys(await refused({ ...base, name: '12345', email: 'a@example.com' }))).toEqual(['name']);
    const unknown = await postLead(app, { ...base, project: 'nope', email: 'a@example.com' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: 'project.not_found',
      fields: { project: expect.any(String) },
    });
    const garbage = await app.request(
      '/api/web-leads',
      {
        method: 'POST',
        headers: { Origin: SITE, 'Content-Type': 'application/json' },
        body: '{"client_id":',
      },
      fromPeer('203.0.113.7'),
    );
    expect(garbage.status).toBe(400);
    expect(await countOf(deps.db, 'leads')).toBe(0);
    expect(await countOf(deps.db, 'attributions')).toBe(0);
  });

  test("a number without +code is read in the project's country; a repeat contact points at the first lead", async () => {
    const { app, deps } = await setup();
    const first = (await (
      await postLead(app, { client_id: 'lead-one-0001', project: 'acme', phone: '07911 123456' })
    ).json()) as { id: string };
    const second = (await (
      await postLead(app, {
        client_id: 'lead-two-0002',
        project: 'acme',
        phone: '+447911123456',
        email: 'x@y.com',
      })
    ).json()) as { id: string };
    const rows = await deps.db.selectFrom('leads').select(['id', 'phone', 'duplicate_of_id']).execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(rows).toHaveLength(2);
    expect(byId.get(first.id)).toEqual({ id: first.id, phone: '+447911123456', duplicate_of_id: null });
    expect(byId.get(second.id)).toEqual({ id: second.id, phone: '+447911123456', duplicate_of_id: first.id });
  });

  test('the default project takes leads without a project field', async () => {
    const { app, deps } = await setup();
    const fallback = await makeProject(deps.db, { slug: 'main', is_default: 1 });
    await allow(deps.db, fallback.id, SITE);
    const res = await postLead(app, { client_id: CLIENT_ID, email: 'a@example.com' });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const lead = await deps.db
      .selectFrom('leads')
      .select('project_id')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(lead?.project_id).toBe(fallback.id);
  });

  test('SEC-8: one address gets 60 leads per 10 minutes, then 429 with Retry-After', async () => {
    const { app, deps } = await setup();
    for (let i = 0; i < 60; i++) {
      const res = await postLead(app, {
        client_id: `flood-${String(i).padStart(4, '0')}`,
        project: 'acme',
        email: `f${i}@x.com`,
      });
      expect(res.status).toBe(201);
    }
    const refused = await postLead(app, { client_id: 'flood-9999', project: 'acme', email: 'last@x.com' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: 'rate_limited' });
    expect(await countOf(deps.db, 'leads')).toBe(60);
    // Another address is not affected.
    const other = await postLead(
      app,
      { client_id: 'other-0001', project: 'acme', email: 'o@x.com' },
      { peer: '198.51.100.9' },
    );
    expect(other.status).toBe(201);
  });
});

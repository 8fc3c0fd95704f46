import { describe, expect, test } from 'bun:test';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';
import { BROWSER_UA, fromPeer } from '../../support/peer.ts';
import { visitorProject } from './visitor-support.ts';

/**
 * The phone country the lead form starts on (VIS-2, issue 13 item 3): a visitor from an Indian ad
 * saw "United Stat…" preselected. The project's setting first, then trusted geo, then the
 * browser's languages, then the US.
 */
const PROXY = '10.0.0.9';

async function setUp() {
  const { app, deps } = await makeTestApp({ env: { TRUSTED_PROXIES: '10.0.0.0/8' } });
  const selected = async (slug: string, headers: Record<string, string>, peer = PROXY) => {
    const html = await (
      await app.request(`/p/${slug}`, { headers: { 'User-Agent': BROWSER_UA, ...headers } }, fromPeer(peer))
    ).text();
    return /<option value="([A-Z]{2})" selected/.exec(html)?.[1];
  };
  return { app, deps, selected };
}

describe('the preselected phone country', () => {
  test("the project's default country wins over location and language", async () => {
    const { deps, selected } = await setUp();
    const project = await visitorProject(deps.db, { default_country: 'IN' });
    expect(await selected(project.slug, { 'CF-IPCountry': 'AE', 'Accept-Language': 'en-US' })).toBe('IN');
  });

  test('without one: the trusted geo country, even when the phone says en-US', async () => {
    const { deps, selected } = await setUp();
    const project = await visitorProject(deps.db);
    expect(await selected(project.slug, { 'CF-IPCountry': 'IN', 'Accept-Language': 'en-US,en;q=0.9' })).toBe(
      'IN',
    );
    // From an untrusted peer the header is not believed.
    expect(await selected(project.slug, { 'CF-IPCountry': 'IN' }, '198.51.100.1')).toBe('US');
  });

  test('without geo: the first browser language that names a region', async () => {
    const { deps, selected } = await setUp();
    const project = await visitorProject(deps.db);
    expect(await selected(project.slug, { 'Accept-Language': 'hi,en-IN;q=0.9,en;q=0.8' })).toBe('IN');
    expect(await selected(project.slug, { 'Accept-Language': 'zh-Hant-TW,zh;q=0.9' })).toBe('TW');
    expect(await selected(project.slug, { 'Accept-Language': 'de' })).toBe('US');
    expect(await selected(project.slug, {})).toBe('US');
  });
});

describe("the project's phone country setting (admin)", () => {
  const fields = {
    name: 'India campaign',
    slug: 'india',
    title: 'Acme India',
    accentColor: '#2563eb',
    headerColor: '#0f172a',
    widgetPosition: 'bottom-right',
  };

  test('saved from the project form, shown on the form, and used by the page', async () => {
    const { app, deps, selected } = await setUp();
    const admin = await createStaff(deps, 'admin');
    const created = await postForm(
      app,
      '/admin/projects',
      { ...fields, defaultCountry: 'IN' },
      { Cookie: admin.cookie },
    );
    expect(created.status).toBe(303);
    const row = await deps.db
      .selectFrom('projects')
      .selectAll()
      .where('slug', '=', 'india')
      .executeTakeFirstOrThrow();
    expect(row.default_country).toBe('IN');
    const form = await (
      await app.request(`/admin/projects/${row.id}`, { headers: { Cookie: admin.cookie } })
    ).text();
    expect(form).toMatch(
      /<select id="project-defaultCountry"[^>]*>[\s\S]*<option value="IN" selected="">India \(\+91\)/,
    );
    expect(await selected('india', { 'CF-IPCountry': 'GB' })).toBe('IN');

    // Back to automatic.
    const saved = await postForm(
      app,
      `/admin/projects/${row.id}`,
      { ...fields, defaultCountry: '' },
      { Cookie: admin.cookie },
    );
    expect(saved.status).toBe(200);
    expect(
      (
        await deps.db
          .selectFrom('projects')
          .select('default_country')
          .where('id', '=', row.id)
          .executeTakeFirstOrThrow()
      ).default_country,
    ).toBeNull();
    expect(await selected('india', { 'CF-IPCountry': 'GB' })).toBe('GB');
  });

  test('a country that is not in the list is refused beside the field, and nothing is saved', async () => {
    const { app, deps } = await setUp();
    const admin = await createStaff(deps, 'admin');
    const res = await postForm(
      app,
      '/admin/projects',
      { ...fields, defaultCountry: 'XX' },
      { Cookie: admin.cookie },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Choose a country from the list.');
    expect(await deps.db.selectFrom('projects').selectAll().execute()).toEqual([]);
  });
});

import { describe, expect, test } from 'bun:test';
import { findProjectBySlug } from '../../../src/projects/projects.queries.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';
import { BROWSER_UA } from '../../support/peer.ts';
import { startChatJson, validForm } from '../visitor/visitor-support.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });

const form = (slug: string, name = 'Spring campaign') => ({
  name,
  slug,
  title: 'Spring offers',
  subtitle: '',
  accentColor: '#2563eb',
  headerColor: '#0f172a',
  welcomeHeading: '',
  welcomeMessage: '',
  formHeading: '',
  formDescription: '',
  iconUrl: '',
  widgetPosition: 'bottom-right',
  allowedOrigins: '',
  aiInstructions: '',
});

async function setup() {
  const made = await makeTestApp();
  const admin = await createStaff(made.deps, 'admin');
  await postForm(made.app, '/admin/projects', form('spring'), { Cookie: admin.cookie });
  const id = (await findProjectBySlug(made.deps.db, 'spring'))?.id ?? '';
  const rename = (to: string, confirm?: string) =>
    postForm(
      made.app,
      `/admin/projects/${id}`,
      { ...form(to), ...(confirm ? { confirmSlug: confirm } : {}) },
      hx(admin.cookie),
    );
  const visit = (path: string) =>
    made.app.request(path, {
      headers: { 'User-Agent': BROWSER_UA, Accept: 'text/html' },
      redirect: 'manual',
    });
  return { ...made, admin, id, rename, visit };
}

describe('project slug changes keep running ads working (PROJ-2)', () => {
  test('a slug change is refused until confirmed, with a warning that names both addresses', async () => {
    const { deps, rename } = await setup();
    const res = await rename('spring-sale');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('You are moving this page from /p/spring to /p/spring-sale.');
    expect(html).toContain(
      'Links and ads that use /p/spring keep working: it will redirect here permanently.',
    );
    expect(html).toContain('name="confirmSlug" type="checkbox" value="spring-sale"');
    expect((await findProjectBySlug(deps.db, 'spring'))?.name).toBe('Spring campaign');
    // Confirming another slug than the one submitted confirms nothing.
    expect((await rename('spring-sale', 'other')).status).toBe(422);
  });

  test('after the change the old address redirects permanently, query kept, and its chat start still works', async () => {
    const { app, rename, visit } = await setup();
    const saved = await rename('spring-sale', 'spring-sale');
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('/p/spring redirects here');
    const old = await visit('/p/spring?utm_source=meta&fbclid=abc');
    expect(old.status).toBe(301);
    expect(old.headers.get('Location')).toBe('/p/spring-sale?utm_source=meta&fbclid=abc');
    expect((await visit('/p/spring-sale')).status).toBe(200);
    // A visitor who loaded the old page before the change still becomes a lead.
    const start = await startChatJson(
      app,
      'spring',
      { ...validForm, name: 'Late Lara' },
      { 'User-Agent': BROWSER_UA },
    );
    expect(start.status).toBe(201);
    expect(await start.json()).toMatchObject({ status: 'unassigned' });
  });

  test('every old slug points straight at the current one, and going back to an old slug works', async () => {
    const { rename, visit } = await setup();
    await rename('spring-sale', 'spring-sale');
    await rename('summer', 'summer');
    expect((await visit('/p/spring')).headers.get('Location')).toBe('/p/summer');
    expect((await visit('/p/spring-sale')).headers.get('Location')).toBe('/p/summer');
    expect((await rename('spring', 'spring')).status).toBe(200);
    expect((await visit('/p/spring')).status).toBe(200);
    expect((await visit('/p/summer')).headers.get('Location')).toBe('/p/spring');
  });

  test('no other project may take a slug that redirects, neither by creating nor by renaming', async () => {
    const { app, deps, admin, rename } = await setup();
    await rename('spring-sale', 'spring-sale');
    const created = await postForm(app, '/admin/projects', form('spring', 'Other'), hx(admin.cookie));
    expect(created.status).toBe(422);
    expect(await created.text()).toContain(
      'id="project-slug-error">/p/spring still redirects to another project (its old address). Choose another slug.',
    );
    await postForm(app, '/admin/projects', form('autumn', 'Other'), hx(admin.cookie));
    const other = (await findProjectBySlug(deps.db, 'autumn'))?.id ?? '';
    const taken = await postForm(
      app,
      `/admin/projects/${other}`,
      { ...form('spring', 'Other'), confirmSlug: 'spring' },
      hx(admin.cookie),
    );
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('/p/spring still redirects to another project');
  });
});

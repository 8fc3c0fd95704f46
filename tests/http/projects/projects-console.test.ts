import { describe, expect, test } from 'bun:test';
import { findProjectBySlug, listProjectOrigins } from '../../../src/projects/projects.queries.ts';
import { makeProject } from '../../support/factories.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });

const validForm = {
  name: 'Spring campaign',
  slug: 'spring',
  title: 'Spring offers',
  subtitle: 'Talk to a specialist',
  accentColor: '#E11D48',
  headerColor: '#111827',
  welcomeHeading: 'Welcome!',
  welcomeMessage: 'Ask us anything.',
  formHeading: 'Start',
  formDescription: 'We reply fast.',
  iconUrl: '',
  allowedOrigins: 'https://*.client.com\nhttps://www.client.com/',
  aiInstructions: 'Be brief.',
};

describe('projects console (PROJ-1..3)', () => {
  test('an admin creates a project; origins are stored canonical, wildcard included', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const res = await postForm(app, '/admin/projects', validForm, { Cookie: admin.cookie });
    expect(res.status).toBe(303);
    const row = await findProjectBySlug(deps.db, 'spring');
    expect(row).toMatchObject({ accent_color: '#e11d48', widget_position: 'bottom-right', is_default: 0 });
    expect(res.headers.get('Location')).toBe(`/admin/projects/${row?.id}`);
    expect(await listProjectOrigins(deps.db, row?.id ?? '')).toEqual([
      'https://*.client.com',
      'https://www.client.com',
    ]);
    const page = await (
      await app.request(`/admin/projects/${row?.id}`, { headers: { Cookie: admin.cookie } })
    ).text();
    expect(page).toContain('x-data="projectPreview"');
    expect(page).toContain('<script src="/static/js/project-preview.js" defer=""></script>');
    expect(page).toContain('/widget/widget.js&quot; data-project=&quot;spring&quot;&gt;&lt;/script&gt;');
    expect(page).toContain('&lt;a href=&quot;#&quot; data-cp-open&gt;Chat with us&lt;/a&gt;');
    expect(page).toContain('data-project=&quot;spring&quot; data-popup=&quot;on&quot;&gt;&lt;/script&gt;');
    expect(page).toContain('/widget/lead-form.js&quot; data-project=&quot;spring&quot;');
  });

  test('malformed origins are refused with a clear error on the field, and nothing is written', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const res = await postForm(
      app,
      '/admin/projects',
      { ...validForm, allowedOrigins: 'https://ok.com\nclient.com/shop\nhttps://*.com' },
      hx(admin.cookie),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toStartWith('<form id="project-form"');
    expect(html).toContain('id="project-allowedOrigins-error">&quot;client.com/shop&quot; is not an origin.');
    expect(html).toContain('&quot;https://*.com&quot;: a wildcard needs a domain under it');
    expect(html).toContain('client.com/shop\nhttps://*.com</textarea>');
    expect(await findProjectBySlug(deps.db, 'spring')).toBeUndefined();
  });

  test('bad colours, slug and a taken slug are field errors (422)', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    await makeProject(deps.db, { slug: 'taken' });
    const bad = await postForm(
      app,
      '/admin/projects',
      { ...validForm, slug: '-Bad slug', accentColor: 'red', title: '' },
      hx(admin.cookie),
    );
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="project-slug-error">Use 1-64 lower-case letters');
    expect(html).toContain('id="project-accentColor-error">Accent colour: use a hex colour like #2563eb.');
    expect(html).toContain('id="project-title-error">Enter a page title.');
    const taken = await postForm(app, '/admin/projects', { ...validForm, slug: 'taken' }, hx(admin.cookie));
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('Another project already uses this slug.');
  });

  test('edit saves branding and replaces origins; clone copies them with a free slug', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    await postForm(app, '/admin/projects', validForm, { Cookie: admin.cookie });
    const id = (await findProjectBySlug(deps.db, 'spring'))?.id ?? '';
    const saved = await postForm(
      app,
      `/admin/projects/${id}`,
      { ...validForm, title: 'Summer offers', allowedOrigins: 'http://localhost:8080' },
      hx(admin.cookie),
    );
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Saved. Live on every page now.');
    expect((await findProjectBySlug(deps.db, 'spring'))?.title).toBe('Summer offers');
    expect(await listProjectOrigins(deps.db, id)).toEqual(['http://localhost:8080']);
    for (const expected of ['spring-copy', 'spring-copy-2']) {
      const cloned = await postForm(app, `/admin/projects/${id}/clone`, {}, { Cookie: admin.cookie });
      expect(cloned.status).toBe(303);
      const copy = await findProjectBySlug(deps.db, expected);
      expect(copy).toMatchObject({ title: 'Summer offers', name: 'Copy of Spring campaign', is_default: 0 });
      expect(await listProjectOrigins(deps.db, copy?.id ?? '')).toEqual(['http://localhost:8080']);
    }
  });

  test('the editor says where it is: Projects, then the project (or "New project")', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const project = await makeProject(deps.db, { name: 'Winter ads' });
    const trail = (html: string) => /<nav aria-label="Breadcrumb"[\s\S]*?<\/nav>/.exec(html)?.[0];
    const edit = await (
      await app.request(`/admin/projects/${project.id}`, { headers: { Cookie: admin.cookie } })
    ).text();
    expect(trail(edit)).toBe(
      '<nav aria-label="Breadcrumb" class="breadcrumb"><ol><li><a href="/admin/projects">Projects</a></li><li aria-current="page">Winter ads</li></ol></nav>',
    );
    const fresh = await (
      await app.request('/admin/projects/new', { headers: { Cookie: admin.cookie } })
    ).text();
    expect(trail(fresh)).toContain('<li aria-current="page">New project</li>');
  });

  test('exactly one default project: making another the default moves the flag', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const first = await makeProject(deps.db, { is_default: 1 });
    const second = await makeProject(deps.db);
    const res = await postForm(app, `/admin/projects/${second.id}/default`, {}, { Cookie: admin.cookie });
    expect(res.status).toBe(303);
    const defaults = await deps.db.selectFrom('projects').select('id').where('is_default', '=', 1).execute();
    expect(defaults).toEqual([{ id: second.id }]);
    const missing = await postForm(app, '/admin/projects/NOPE/default', {}, { Cookie: admin.cookie });
    expect(missing.status).toBe(404);
    const still = await deps.db.selectFrom('projects').select('id').where('is_default', '=', 1).execute();
    expect(still).toEqual([{ id: second.id }]);
    expect(first.id).not.toBe(second.id);
  });

  test('a manager is denied projects, their forms and their writes', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const project = await makeProject(deps.db);
    for (const path of ['/admin/projects', '/admin/projects/new', `/admin/projects/${project.id}`]) {
      expect((await app.request(path, { headers: { Cookie: manager.cookie } })).status).toBe(403);
    }
    const res = await postForm(app, '/admin/projects', validForm, hx(manager.cookie));
    expect(res.status).toBe(403);
    expect(await findProjectBySlug(deps.db, 'spring')).toBeUndefined();
  });
});

import { type Context, Hono } from 'hono';
import { IconSection, type IconSectionProps, iconRefusal } from '../../views/projects/icon-section.tsx';
import {
  NEW_PROJECT_VALUES,
  ProjectForm,
  ProjectFormPage,
  type ProjectFormProps,
  projectValues,
} from '../../views/projects/project-form-page.tsx';
import { ProjectsPage } from '../../views/projects/projects-page.tsx';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { validForm } from '../http/form-errors.ts';
import { publicOrigin } from '../http/public-origin.ts';
import { redirectTo, respond } from '../http/respond.ts';
import { submittedValues } from '../shared/field-errors.ts';
import { iconSrcOf, type Project } from './project.ts';
import { removeProjectIcon, uploadProjectIcon } from './project-icon.service.ts';
import type { ProjectForm as ProjectFormData } from './projects.forms.ts';
import { projectSchema } from './projects.forms.ts';
import { listProjects } from './projects.queries.ts';
import {
  cloneProject,
  createProject,
  loadProjectForEdit,
  makeDefaultProject,
  type ProjectInput,
  updateProject,
} from './projects.service.ts';

/** Projects console (PROJ-1..3): admin only (routePolicy 'config.manage'). */
export const projectRoutes = new Hono<AppEnv>();

const slugRefusal = (code: string, slug: string) =>
  code === 'project.slug_redirects'
    ? { slug: `/p/${slug} still redirects to another project (its old address). Choose another slug.` }
    : { slug: 'Another project already uses this slug.' };

function renderProjectForm(c: Context<AppEnv>, props: ProjectFormProps, status: 200 | 422 = 200) {
  return respond(
    c,
    {
      fragment: () => <ProjectForm {...props} />,
      page: () => (
        <ProjectFormPage
          user={currentUser(c)}
          publicOrigin={publicOrigin(c)}
          iconSrc={props.project ? iconSrc(props.project) : undefined}
          {...props}
        />
      ),
    },
    status,
  );
}

const iconSrc = (project: Project) =>
  iconSrcOf({
    slug: project.slug,
    iconUrl: project.iconUrl,
    hasUpload: project.uploadedIcon !== null,
    updatedAt: project.updatedAt,
  });

function renderIcon(
  c: Context<AppEnv>,
  project: Project,
  notice: IconSectionProps['notice'],
  status: 200 | 422,
) {
  return c.html(<IconSection project={project} iconSrc={iconSrc(project)} notice={notice} />, status);
}

function toInput(form: ProjectFormData): ProjectInput {
  const { allowedOrigins, iconUrl, aiInstructions, ...rest } = form;
  return {
    fields: { ...rest, iconUrl: iconUrl || null, aiInstructions: aiInstructions || null },
    origins: allowedOrigins,
  };
}

async function loadForEdit(c: Context<AppEnv>) {
  const found = await loadProjectForEdit(c.get('deps'), c.req.param('id') ?? '');
  if (!found) throw notFound('We could not find that project.');
  return found;
}

projectRoutes
  .get('/admin/projects', async (c) => {
    const projects = await listProjects(c.get('deps').db);
    return c.html(<ProjectsPage user={currentUser(c)} projects={projects} />);
  })
  .get('/admin/projects/new', (c) => renderProjectForm(c, { values: NEW_PROJECT_VALUES }))
  .post(
    '/admin/projects',
    validForm(projectSchema, (c, errors, values) => renderProjectForm(c, { values, errors }, 422)),
    async (c) => {
      const created = await createProject(c.get('deps'), toInput(c.req.valid('form')));
      if (created.ok) return redirectTo(c, `/admin/projects/${created.value.id}`);
      const values = submittedValues(await c.req.parseBody());
      return renderProjectForm(c, { values, errors: slugRefusal(created.code, values.slug ?? '') }, 422);
    },
  )
  .get('/admin/projects/:id', async (c) => {
    const { project, origins, oldSlugs } = await loadForEdit(c);
    return renderProjectForm(c, { project, oldSlugs, values: projectValues(project, origins) });
  })
  .post(
    '/admin/projects/:id',
    validForm(projectSchema, async (c, errors, values) => {
      const { project, oldSlugs } = await loadForEdit(c);
      return renderProjectForm(c, { project, oldSlugs, values, errors }, 422);
    }),
    async (c) => {
      const { project, oldSlugs } = await loadForEdit(c);
      const form = c.req.valid('form');
      const body = await c.req.parseBody();
      // PROJ-2: a new address is saved only once the admin has seen what it means for running ads.
      if (form.slug !== project.slug && body.confirmSlug !== form.slug) {
        const values = submittedValues(body);
        const slugChange = { from: project.slug, to: form.slug };
        return renderProjectForm(c, { project, oldSlugs, values, slugChange }, 422);
      }
      const saved = await updateProject(c.get('deps'), project.id, toInput(form));
      if (!saved.ok && saved.code === 'project.not_found') throw notFound('We could not find that project.');
      if (!saved.ok) {
        const values = submittedValues(body);
        return renderProjectForm(
          c,
          { project, oldSlugs, values, errors: slugRefusal(saved.code, form.slug) },
          422,
        );
      }
      const after = await loadForEdit(c);
      const moved = saved.value.slug !== project.slug;
      const notice = moved
        ? `Saved. The page is at /p/${saved.value.slug} now; /p/${project.slug} redirects here.`
        : 'Saved. Live on every page now.';
      const values = projectValues(saved.value, after.origins);
      return renderProjectForm(c, { project: saved.value, oldSlugs: after.oldSlugs, values, notice });
    },
  )
  .post('/admin/projects/:id/icon', async (c) => {
    const { project } = await loadForEdit(c);
    const body = await c.req.parseBody();
    const file = body.icon;
    const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const uploaded = await uploadProjectIcon(c.get('deps'), project.id, {
      bytes,
      name: file instanceof File ? file.name : '',
      type: file instanceof File ? file.type : '',
    });
    if (!uploaded.ok && uploaded.code === 'project.not_found')
      throw notFound('We could not find that project.');
    if (!uploaded.ok) {
      const text = iconRefusal[uploaded.code] ?? 'That file cannot be used as an icon.';
      return renderIcon(c, project, { kind: 'error', text }, 422);
    }
    const text = 'Icon uploaded. The page and its app icon use it now.';
    return renderIcon(c, uploaded.value, { kind: 'success', text }, 200);
  })
  .post('/admin/projects/:id/icon/remove', async (c) => {
    const removed = await removeProjectIcon(c.get('deps'), c.req.param('id'));
    if (!removed.ok) throw notFound('We could not find that project.');
    return renderIcon(c, removed.value, { kind: 'success', text: 'Icon removed.' }, 200);
  })
  .post('/admin/projects/:id/clone', async (c) => {
    const cloned = await cloneProject(c.get('deps'), c.req.param('id'));
    if (!cloned.ok) throw notFound('We could not find that project.');
    return redirectTo(c, `/admin/projects/${cloned.value.id}`);
  })
  .post('/admin/projects/:id/default', async (c) => {
    const made = await makeDefaultProject(c.get('deps'), c.req.param('id'));
    if (!made.ok) throw notFound('We could not find that project.');
    return redirectTo(c, `/admin/projects/${c.req.param('id')}`);
  });

import type { Project } from '../../src/projects/project.ts';
import { countryOptions } from '../../src/shared/countries.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { FormNotice, SelectField, TextArea, TextField } from '../components/field.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { IconSection } from './icon-section.tsx';
import { WebLeadSettingsSlot } from './web-lead-slot.tsx';
import { WidgetSections } from './widget-section.tsx';

export interface ProjectFormProps {
  project?: Project | undefined;
  /** Field values as strings: the saved project, or what was submitted when refused. */
  values: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
  /** The project's old slugs: each redirects to its page (PROJ-2). */
  oldSlugs?: string[] | undefined;
  /** A submitted slug change waiting for the admin's confirmation. */
  slugChange?: { from: string; to: string } | undefined;
}

export const NEW_PROJECT_VALUES: Record<string, string> = {
  accentColor: '#2563eb',
  headerColor: '#0f172a',
  welcomeHeading: 'Hi there 👋',
  formHeading: 'Start a chat',
};

export function projectValues(project: Project, origins: string[]): Record<string, string> {
  return {
    name: project.name,
    slug: project.slug,
    title: project.title,
    subtitle: project.subtitle,
    accentColor: project.accentColor,
    headerColor: project.headerColor,
    welcomeHeading: project.welcomeHeading,
    welcomeMessage: project.welcomeMessage,
    formHeading: project.formHeading,
    formDescription: project.formDescription,
    defaultCountry: project.defaultCountry ?? '',
    iconUrl: project.iconUrl ?? '',
    allowedOrigins: origins.join('\n'),
    aiInstructions: project.aiInstructions ?? '',
  };
}

/** Create/edit form (PROJ-1): basics, branding, welcome texts, embed origins, AI instructions. */
/** What a slug change does to running ads, and the box that confirms it (PROJ-2). */
function SlugChangeWarning({ from, to }: { from: string; to: string }) {
  return (
    <div class="alert alert-warning slug-warning" role="alert">
      <p>
        <strong>
          You are moving this page from /p/{from} to /p/{to}.
        </strong>{' '}
        Links and ads that use /p/{from} keep working: it will redirect here permanently. Update your ads when
        you can.
      </p>
      <div class="field field-check">
        <input id="project-confirmSlug" name="confirmSlug" type="checkbox" value={to} />
        <label for="project-confirmSlug">Yes, move the page to /p/{to}</label>
      </div>
    </div>
  );
}

function slugHint(project: Project | undefined, oldSlugs: string[]): string {
  if (!project) return 'The page will live at /p/{slug}.';
  const old =
    oldSlugs.length > 0
      ? ` Old addresses that redirect here: ${oldSlugs.map((s) => `/p/${s}`).join(', ')}.`
      : '';
  return `The page lives at /p/${project.slug}. A new slug moves it; the old address keeps redirecting here.${old}`;
}

export function ProjectForm({
  project,
  values,
  errors = {},
  notice,
  oldSlugs = [],
  slugChange,
}: ProjectFormProps) {
  const action = project ? `/admin/projects/${project.id}` : '/admin/projects';
  const field = (name: string) => ({
    id: `project-${name}`,
    name,
    value: values[name] ?? '',
    error: errors[name],
  });
  return (
    <form
      id="project-form"
      class="card form"
      method="post"
      action={action}
      hx-post={action}
      hx-swap="outerHTML"
      novalidate
    >
      {notice ? <FormNotice kind="success">{notice}</FormNotice> : null}
      {Object.keys(errors).length > 0 ? (
        <FormNotice kind="error">Check the highlighted fields.</FormNotice>
      ) : null}
      <fieldset class="fieldset">
        <legend>Basics</legend>
        <div class="field-row">
          <TextField {...field('name')} label="Internal name" maxlength={120} required />
          <TextField
            {...field('slug')}
            label="Slug"
            hint={slugHint(project, oldSlugs)}
            maxlength={64}
            required
          />
        </div>
      </fieldset>
      <fieldset class="fieldset">
        <legend>Branding</legend>
        <TextField {...field('title')} label="Page title" maxlength={160} required />
        <TextField {...field('subtitle')} label="Subtitle" maxlength={240} />
        <div class="field-row">
          <TextField {...field('accentColor')} type="color" label="Accent colour" />
          <TextField {...field('headerColor')} type="color" label="Header colour" />
        </div>
        <TextField
          {...field('iconUrl')}
          type="url"
          label="Icon / favicon URL"
          hint={
            project
              ? 'An https:// address or a path on this site; an icon uploaded below takes its place.'
              : 'An https:// address or a path on this site. You can upload an icon once the project exists.'
          }
          maxlength={500}
        />
      </fieldset>
      <fieldset class="fieldset">
        <legend>Welcome and contact form</legend>
        <TextField {...field('welcomeHeading')} label="Welcome heading" maxlength={160} />
        <TextArea {...field('welcomeMessage')} label="Welcome message" rows={3} maxlength={1000} />
        <TextField {...field('formHeading')} label="Contact form heading" maxlength={160} />
        <TextArea {...field('formDescription')} label="Contact form description" rows={2} maxlength={1000} />
        <SelectField
          {...field('defaultCountry')}
          label="Phone country"
          hint="The country the phone field starts on. Automatic: where the visitor is, else their browser language."
          options={[
            { value: '', label: 'Automatic' },
            ...countryOptions.map((c) => ({ value: c.code, label: `${c.name} (+${c.callingCode})` })),
          ]}
        />
      </fieldset>
      <fieldset class="fieldset">
        <legend>Embedding</legend>
        <TextArea
          {...field('allowedOrigins')}
          label="Allowed embed origins"
          hint="One per line: scheme://host[:port]. A leading *. allows every subdomain, e.g. https://*.client.com"
          rows={4}
          mono
          spellcheck={false}
        />
      </fieldset>
      <fieldset class="fieldset">
        <legend>AI agent</legend>
        <TextArea
          {...field('aiInstructions')}
          label="AI instructions for this project"
          hint="Added to the AI agent's system prompt when it answers this project's chats."
          rows={5}
          maxlength={8000}
        />
      </fieldset>
      {slugChange ? <SlugChangeWarning {...slugChange} /> : null}
      <div class="form-actions">
        <a class="button button-quiet" href="/admin/projects">
          Back to projects
        </a>
        <button type="submit" class="button button-primary">
          {project ? 'Save project' : 'Create project'}
        </button>
      </div>
    </form>
  );
}

const PREVIEW_ID = 'project-preview';

/**
 * A small copy of the visitor page, kept in step with the form by the projectPreview component.
 * Beside the form on wide screens; on narrow ones a native popover the floating Preview button
 * opens over the form, so it is one tap away from whichever field is being edited.
 */
function BrandPreview({ values }: { values: Record<string, string> }) {
  return (
    <aside id={PREVIEW_ID} class="card preview popover-inline" aria-label="Live preview" popover="auto">
      <div class="preview-top">
        <p class="preview-caption muted small">Live preview</p>
        <button
          type="button"
          class="button button-small button-quiet preview-close"
          popovertarget={PREVIEW_ID}
          popovertargetaction="hide"
        >
          Close preview
        </button>
      </div>
      <div class="preview-page">
        <div class="preview-header" x-bind:style="headerStyle()">
          <strong x-text="title">{values.title}</strong>
          <span x-text="subtitle">{values.subtitle}</span>
        </div>
        <div class="preview-body">
          <p class="preview-welcome" x-text="welcomeHeading">
            {values.welcomeHeading}
          </p>
          <p class="preview-message" x-text="welcomeMessage">
            {values.welcomeMessage}
          </p>
          <div class="preview-form">
            <span x-text="formHeading">{values.formHeading}</span>
            <span class="preview-input" />
            <span class="preview-input" />
            <span class="preview-button" x-bind:style="accentStyle()">
              Start chat
            </span>
          </div>
        </div>
      </div>
    </aside>
  );
}

export interface ProjectPageProps extends ProjectFormProps {
  user: ShellUser;
  publicOrigin: string;
  /** The icon the page shows now (an edited project only). */
  iconSrc?: string | undefined;
}

export function ProjectFormPage(props: ProjectPageProps) {
  const { user, project, values, publicOrigin } = props;
  return (
    <AppShell
      title={project ? project.name : 'New project'}
      user={user}
      currentPath="/admin/projects"
      styles={['/static/css/project-widget.css']}
      scripts={[
        '/static/js/project-preview.js',
        '/static/js/copy-button.js',
        '/static/js/widget-preview.js',
        '/static/js/ad-link-builder.js',
      ]}
    >
      <div class="page-header">
        <div>
          <Breadcrumb
            parent={{ href: '/admin/projects', label: 'Projects' }}
            current={project ? project.name : 'New project'}
          />
          <h1>{project ? project.name : 'New project'}</h1>
          {project ? (
            <p class="muted">
              <a href={`/p/${project.slug}`} target="_blank" rel="noopener">
                /p/{project.slug}
              </a>{' '}
              {project.isDefault ? <span class="pill pill-info">Default project</span> : null}
            </p>
          ) : null}
        </div>
        {project ? <ProjectActions project={project} /> : null}
      </div>
      <div class="editor" x-data="projectPreview">
        <ProjectForm {...props} />
        <button type="button" class="button preview-toggle" popovertarget={PREVIEW_ID}>
          Preview
        </button>
        <BrandPreview values={values} />
      </div>
      {project ? <IconSection project={project} iconSrc={props.iconSrc ?? ''} /> : null}
      {project ? <WidgetSections project={project} publicOrigin={publicOrigin} /> : null}
      {project ? <WebLeadSettingsSlot projectId={project.id} /> : null}
    </AppShell>
  );
}

function ProjectActions({ project }: { project: Project }) {
  return (
    <div class="header-actions">
      <a class="button" href={`/admin/projects/${project.id}/tracking`}>
        Conversion tracking
      </a>
      <form method="post" action={`/admin/projects/${project.id}/clone`}>
        <button type="submit" class="button">
          Clone
        </button>
      </form>
      {project.isDefault ? null : (
        <form method="post" action={`/admin/projects/${project.id}/default`}>
          <button type="submit" class="button">
            Make default
          </button>
        </form>
      )}
    </div>
  );
}

import { isUniqueViolation, writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { Project, ProjectFields, WidgetSettings } from './project.ts';
import {
  findProjectById,
  findProjectBySlug,
  findSlugRedirectOwner,
  insertProjectWithFields,
  listProjectOldSlugs,
  listProjectOrigins,
  listSlugsStartingWith,
  moveProjectSlug,
  replaceProjectOrigins,
  updateDefaultProject,
  updateProjectFields,
  updateProjectIcon,
  updateProjectWidget,
} from './projects.queries.ts';

/**
 * Projects (PROJ-1..3), admin only. Pages read projects from the database on every request, so a
 * saved change is live on every instance at once (PROJ-2 allows up to 30 s: any cache added in
 * front of these reads must expire within that).
 */
export type ProjectError = 'project.not_found' | 'project.slug_taken' | 'project.slug_redirects';
type ProjectDeps = Pick<Deps, 'db' | 'clock' | 'ids'>;

export interface ProjectInput {
  fields: ProjectFields;
  origins: readonly string[];
  /** Widget settings are edited in their own section; a clone copies them in the same write. */
  widget?: WidgetSettings;
}

const originRows = (deps: ProjectDeps, origins: readonly string[]) =>
  origins.map((origin) => ({ id: deps.ids.next(), origin }));

/**
 * A slug clash is a field error: checked first, and caught again if another save won the race. A
 * slug another project keeps as its old address is taken too (PROJ-2). A rename keeps the old slug
 * as a redirect to this project, in the same transaction.
 */
async function saveProject(
  deps: ProjectDeps,
  id: string,
  input: ProjectInput,
  write: 'insert' | 'update',
): Promise<Result<Project, ProjectError>> {
  const slug = input.fields.slug;
  const [clash, redirectOwner, current] = await Promise.all([
    findProjectBySlug(deps.db, slug),
    findSlugRedirectOwner(deps.db, slug),
    write === 'update' ? findProjectById(deps.db, id) : undefined,
  ]);
  if (clash && clash.id !== id) return fail('project.slug_taken');
  if (redirectOwner && redirectOwner !== id) return fail('project.slug_redirects');
  if (write === 'update' && !current) return fail('project.not_found');
  const now = toIso(deps.clock.now());
  try {
    const saved = await writeTransaction(deps.db, async (trx) => {
      if (write === 'insert') await insertProjectWithFields(trx, { id, fields: input.fields, now });
      else if (!(await updateProjectFields(trx, id, input.fields, now))) return false;
      if (current && current.slug !== slug) {
        await moveProjectSlug(trx, { projectId: id, from: current.slug, to: slug, now });
      }
      await replaceProjectOrigins(trx, id, originRows(deps, input.origins), now);
      if (input.widget) await updateProjectWidget(trx, id, input.widget, now);
      return true;
    });
    if (!saved) return fail('project.not_found');
  } catch (error) {
    if (isUniqueViolation(error)) return fail('project.slug_taken');
    throw error;
  }
  const project = await findProjectById(deps.db, id);
  return project ? ok(project) : fail('project.not_found');
}

export const createProject = (deps: ProjectDeps, input: ProjectInput) =>
  saveProject(deps, deps.ids.next(), input, 'insert');

export const updateProject = (deps: ProjectDeps, id: string, input: ProjectInput) =>
  saveProject(deps, id, input, 'update');

/** A copy with every branding field and origin, a free `-copy` slug, never the default. */
export async function cloneProject(deps: ProjectDeps, id: string): Promise<Result<Project, ProjectError>> {
  const source = await findProjectById(deps.db, id);
  if (!source) return fail('project.not_found');
  const origins = await listProjectOrigins(deps.db, id);
  const base = `${source.slug.slice(0, 55)}-copy`;
  const taken = new Set(await listSlugsStartingWith(deps.db, base));
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  const {
    id: _id,
    isDefault: _default,
    updatedAt: _updated,
    uploadedIcon,
    widgetPosition,
    popupEnabled,
    popupDelaySeconds,
    ...fields
  } = source;
  const created = await createProject(deps, {
    fields: { ...fields, slug, name: `Copy of ${source.name}`.slice(0, 120) },
    origins,
    widget: { widgetPosition, popupEnabled, popupDelaySeconds },
  });
  // Icon files are named by their content (project-icon.service.ts): the copy shares the file.
  if (!created.ok || !uploadedIcon) return created;
  await updateProjectIcon(deps.db, created.value.id, uploadedIcon, toIso(deps.clock.now()));
  const copy = await findProjectById(deps.db, created.value.id);
  return copy ? ok(copy) : fail('project.not_found');
}

export async function makeDefaultProject(deps: ProjectDeps, id: string): Promise<Result<true, ProjectError>> {
  const changed = await updateDefaultProject(deps.db, id, toIso(deps.clock.now()));
  return changed ? ok(true) : fail('project.not_found');
}

/** The widget section's save (WID-1, WID-3): live on every host page within the config's 30 s cache. */
export async function updateWidgetSettings(
  deps: ProjectDeps,
  id: string,
  settings: WidgetSettings,
): Promise<Result<Project, ProjectError>> {
  const saved = await updateProjectWidget(deps.db, id, settings, toIso(deps.clock.now()));
  const project = saved ? await findProjectById(deps.db, id) : undefined;
  return project ? ok(project) : fail('project.not_found');
}

export async function loadProjectForEdit(deps: Pick<Deps, 'db'>, id: string) {
  const project = await findProjectById(deps.db, id);
  if (!project) return undefined;
  const [origins, oldSlugs] = await Promise.all([
    listProjectOrigins(deps.db, id),
    listProjectOldSlugs(deps.db, id),
  ]);
  return { project, origins, oldSlugs };
}

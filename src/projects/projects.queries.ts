import type { Selectable } from 'kysely';
import type { Db, ProjectsTable } from '../db/database.ts';
import { firstRows, isSet } from '../db/dialect.ts';
import {
  isWidgetPosition,
  type Project,
  type ProjectFields,
  type UploadedIcon,
  type WidgetSettings,
} from './project.ts';

export interface NewProject {
  id: string;
  slug: string;
  name: string;
  title: string;
  subtitle?: string;
  welcomeHeading?: string;
  welcomeMessage?: string;
  formHeading?: string;
  formDescription?: string;
  isDefault?: boolean;
  now: string;
}

export async function insertProject(db: Db, project: NewProject): Promise<void> {
  await db
    .insertInto('projects')
    .values({
      id: project.id,
      slug: project.slug,
      name: project.name,
      title: project.title,
      subtitle: project.subtitle ?? '',
      welcome_heading: project.welcomeHeading ?? '',
      welcome_message: project.welcomeMessage ?? '',
      form_heading: project.formHeading ?? '',
      form_description: project.formDescription ?? '',
      is_default: project.isDefault ? 1 : 0,
      created_at: project.now,
      updated_at: project.now,
    })
    .execute();
}

export async function countProjects(db: Db): Promise<number> {
  const row = await db
    .selectFrom('projects')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findProjectBySlug(db: Db, slug: string) {
  return db.selectFrom('projects').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export type ProjectRow = Selectable<ProjectsTable>;

export function projectRowToProject(row: ProjectRow): Project {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    title: row.title,
    subtitle: row.subtitle,
    accentColor: row.accent_color,
    headerColor: row.header_color,
    welcomeHeading: row.welcome_heading,
    welcomeMessage: row.welcome_message,
    formHeading: row.form_heading,
    formDescription: row.form_description,
    defaultCountry: row.default_country,
    iconUrl: row.icon_url,
    uploadedIcon:
      row.icon_key && row.icon_type
        ? { key: row.icon_key, contentType: row.icon_type, sizes: row.icon_sizes ?? '' }
        : null,
    widgetPosition: isWidgetPosition(row.widget_position) ? row.widget_position : 'bottom-right',
    popupEnabled: isSet(row.popup_enabled),
    popupDelaySeconds: row.popup_delay_seconds,
    aiInstructions: row.ai_instructions,
    isDefault: isSet(row.is_default),
    updatedAt: row.updated_at,
  };
}

/** The editable fields of a project (everything but id, default flag and timestamps). */

function fieldsToColumns(fields: ProjectFields) {
  return {
    slug: fields.slug,
    name: fields.name,
    title: fields.title,
    subtitle: fields.subtitle,
    accent_color: fields.accentColor,
    header_color: fields.headerColor,
    welcome_heading: fields.welcomeHeading,
    welcome_message: fields.welcomeMessage,
    form_heading: fields.formHeading,
    form_description: fields.formDescription,
    default_country: fields.defaultCountry,
    icon_url: fields.iconUrl,
    ai_instructions: fields.aiInstructions,
  };
}

/** The widget section's settings (WID-1, WID-3), saved apart from the main project form. */
export async function updateProjectWidget(
  db: Db,
  id: string,
  settings: WidgetSettings,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('projects')
    .set({
      widget_position: settings.widgetPosition,
      popup_enabled: settings.popupEnabled ? 1 : 0,
      popup_delay_seconds: settings.popupDelaySeconds,
      updated_at: now,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Projects are few (one per brand or campaign): the list is not paged. */
export async function listProjects(db: Db): Promise<Project[]> {
  const rows = await db
    .selectFrom('projects')
    .selectAll()
    .orderBy('is_default', 'desc')
    .orderBy('name')
    .execute();
  return rows.map(projectRowToProject);
}

export async function findProjectById(db: Db, id: string): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? projectRowToProject(row) : undefined;
}

export async function insertProjectWithFields(
  db: Db,
  project: { id: string; fields: ProjectFields; now: string },
): Promise<void> {
  await db
    .insertInto('projects')
    .values({
      id: project.id,
      ...fieldsToColumns(project.fields),
      is_default: 0,
      created_at: project.now,
      updated_at: project.now,
    })
    .execute();
}

export async function updateProjectFields(
  db: Db,
  id: string,
  fields: ProjectFields,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('projects')
    .set({ ...fieldsToColumns(fields), updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Exactly one default (PROJ-1): one statement flips every row, so there is never zero or two. */
export async function updateDefaultProject(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('projects')
    .set((eb) => ({
      is_default: eb.case().when('id', '=', id).then(1).else(0).end(),
      updated_at: now,
    }))
    .where((eb) =>
      eb.exists(eb.selectFrom('projects as target').select('target.id').where('target.id', '=', id)),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listProjectOrigins(db: Db, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_origins')
    .select('origin')
    .where('project_id', '=', projectId)
    .orderBy('origin')
    .execute();
  return rows.map((row) => row.origin);
}

/** Replaces the allowed embed origins of a project; run it in the transaction that saves the project. */
export async function replaceProjectOrigins(
  db: Db,
  projectId: string,
  origins: ReadonlyArray<{ id: string; origin: string }>,
  now: string,
): Promise<void> {
  await db.deleteFrom('project_origins').where('project_id', '=', projectId).execute();
  if (origins.length === 0) return;
  await db
    .insertInto('project_origins')
    .values(origins.map((o) => ({ id: o.id, project_id: projectId, origin: o.origin, created_at: now })))
    .execute();
}

/** Slugs starting with `prefix`, live or kept as redirects, to pick a free one for a clone. */
export async function listSlugsStartingWith(db: Db, prefix: string): Promise<string[]> {
  const [live, old] = await Promise.all([
    db.selectFrom('projects').select('slug').where('slug', 'like', `${prefix}%`).execute(),
    db.selectFrom('project_slug_redirects').select('slug').where('slug', 'like', `${prefix}%`).execute(),
  ]);
  return [...live, ...old].map((row) => row.slug);
}

/** The project whose old slug this is (PROJ-2), if any. */
export async function findProjectBySlugRedirect(db: Db, slug: string) {
  return db
    .selectFrom('project_slug_redirects')
    .innerJoin('projects', 'projects.id', 'project_slug_redirects.project_id')
    .selectAll('projects')
    .where('project_slug_redirects.slug', '=', slug)
    .executeTakeFirst();
}

/** Which project keeps this slug as an old address, if any. */
export async function findSlugRedirectOwner(db: Db, slug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('project_slug_redirects')
    .select('project_id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.project_id;
}

/** A project's old slugs (they redirect to its page), oldest first. */
export async function listProjectOldSlugs(db: Db, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_slug_redirects')
    .select('slug')
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .orderBy('slug')
    .execute();
  return rows.map((row) => row.slug);
}

/**
 * In the transaction that renames a project: its old slug becomes a redirect, and the new one
 * stops being one if the project is going back to it.
 */
export async function moveProjectSlug(
  db: Db,
  move: { projectId: string; from: string; to: string; now: string },
): Promise<void> {
  await db
    .deleteFrom('project_slug_redirects')
    .where('slug', '=', move.to)
    .where('project_id', '=', move.projectId)
    .execute();
  await db
    .insertInto('project_slug_redirects')
    .values({ slug: move.from, project_id: move.projectId, created_at: move.now })
    .execute();
}

/** The project served at `/` and by widgets without `data-project` (PROJ-1). */
export async function findDefaultProject(db: Db) {
  return firstRows(
    db,
    db.selectFrom('projects').selectAll().where('is_default', '=', 1).orderBy('created_at').orderBy('id'),
    1,
  ).executeTakeFirst();
}

/** Sets (or with null removes) a project's uploaded icon; false when there is no such project. */
export async function updateProjectIcon(
  db: Db,
  id: string,
  icon: UploadedIcon | null,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('projects')
    .set({
      icon_key: icon?.key ?? null,
      icon_type: icon?.contentType ?? null,
      icon_sizes: icon?.sizes ?? null,
      updated_at: now,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

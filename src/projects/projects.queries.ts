import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';

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

/** The project served at `/` and by widgets without `data-project` (PROJ-1). */
export async function findDefaultProject(db: Db) {
  return firstRows(
    db,
    db.selectFrom('projects').selectAll().where('is_default', '=', 1).orderBy('created_at').orderBy('id'),
    1,
  ).executeTakeFirst();
}

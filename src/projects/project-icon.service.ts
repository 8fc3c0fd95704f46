import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Deps } from '../deps.ts';
import { inspectIconUpload, type UploadRejection } from '../security/uploads.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { Project } from './project.ts';
import { findProjectById, findProjectBySlug, updateProjectIcon } from './projects.queries.ts';

/**
 * A project's uploaded icon (PROJ-1), checked like visitor images (security/uploads.ts: magic
 * bytes, extension and declared type agree, no active content, sane size) and served back only as
 * its checked type with nosniff. Files are named by their SHA-256, so a clone can share one and
 * replacing or removing an icon never deletes a file another project still shows.
 */
type IconDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

export type IconError = UploadRejection | 'upload.icon_dimensions' | 'project.not_found';

const storagePath = (deps: Pick<Deps, 'config'>, key: string) => join(deps.config.dataDir, key);

export async function uploadProjectIcon(
  deps: IconDeps,
  projectId: string,
  file: { bytes: Uint8Array; name: string; type: string },
): Promise<Result<Project, IconError>> {
  const inspected = inspectIconUpload(file.bytes, file.name, file.type);
  if (!inspected.ok) return inspected;
  const { ext, contentType, width, height } = inspected.value;
  const sha = new Bun.CryptoHasher('sha256').update(file.bytes).digest('hex');
  const key = `project-icons/${sha.slice(0, 2)}/${sha}.${ext}`;
  await mkdir(dirname(storagePath(deps, key)), { recursive: true });
  await Bun.write(storagePath(deps, key), file.bytes);
  const icon = { key, contentType, sizes: `${width}x${height}` };
  if (!(await updateProjectIcon(deps.db, projectId, icon, toIso(deps.clock.now()))))
    return fail('project.not_found');
  const project = await findProjectById(deps.db, projectId);
  return project ? ok(project) : fail('project.not_found');
}

export async function removeProjectIcon(
  deps: IconDeps,
  projectId: string,
): Promise<Result<Project, 'project.not_found'>> {
  if (!(await updateProjectIcon(deps.db, projectId, null, toIso(deps.clock.now()))))
    return fail('project.not_found');
  const project = await findProjectById(deps.db, projectId);
  return project ? ok(project) : fail('project.not_found');
}

/** The uploaded icon of the project at this slug, to serve (undefined: none, or its file is gone). */
export async function findProjectIconFile(deps: Pick<Deps, 'db' | 'config'>, slug: string) {
  const row = await findProjectBySlug(deps.db, slug);
  if (!row?.icon_key || !row.icon_type) return undefined;
  const file = Bun.file(storagePath(deps, row.icon_key));
  if (!(await file.exists())) return undefined;
  return { file, contentType: row.icon_type };
}

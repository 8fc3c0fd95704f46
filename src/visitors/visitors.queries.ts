import type { Selectable } from 'kysely';
import type { Db, VisitorsTable } from '../db/database.ts';

export type VisitorRow = Selectable<VisitorsTable>;

/**
 * A visitor token opens only its own project's visitor (VIS-3): the lookup always includes the
 * project, and only the token's hash is stored.
 */
export async function findVisitorByTokenHash(
  db: Db,
  projectId: string,
  tokenHash: string,
): Promise<VisitorRow | undefined> {
  return db
    .selectFrom('visitors')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

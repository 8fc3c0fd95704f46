import type { Selectable } from 'kysely';
import type { CannedRepliesTable, Db } from '../db/database.ts';
import type { CannedReply } from './canned-reply.ts';

export type CannedReplyRow = Selectable<CannedRepliesTable>;

export function cannedReplyRowToDomain(row: CannedReplyRow): CannedReply {
  return { id: row.id, title: row.title, body: row.body, position: row.position };
}

export async function listCannedReplies(db: Db, userId: string): Promise<CannedReply[]> {
  const rows = await db
    .selectFrom('canned_replies')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('position')
    .execute();
  return rows.map(cannedReplyRowToDomain);
}

export async function findCannedReply(db: Db, userId: string, id: string): Promise<CannedReply | undefined> {
  const row = await db
    .selectFrom('canned_replies')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? cannedReplyRowToDomain(row) : undefined;
}

/** Throws when the slot is already taken (unique index): the service retries another slot. */
export async function insertCannedReply(
  db: Db,
  reply: { id: string; userId: string; title: string; body: string; position: number; now: string },
): Promise<void> {
  await db
    .insertInto('canned_replies')
    .values({
      id: reply.id,
      user_id: reply.userId,
      title: reply.title,
      body: reply.body,
      position: reply.position,
      created_at: reply.now,
      updated_at: reply.now,
    })
    .execute();
}

/** Only the owner's row changes; returns the number of rows updated (0 = not theirs or gone). */
export async function updateCannedReply(
  db: Db,
  reply: { id: string; userId: string; title: string; body: string; now: string },
): Promise<number> {
  const result = await db
    .updateTable('canned_replies')
    .set({ title: reply.title, body: reply.body, updated_at: reply.now })
    .where('id', '=', reply.id)
    .where('user_id', '=', reply.userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteCannedReply(db: Db, userId: string, id: string): Promise<number> {
  const result = await db
    .deleteFrom('canned_replies')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

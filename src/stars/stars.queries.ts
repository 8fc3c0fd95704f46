import type { Db } from '../db/database.ts';

/** Stars are per agent (AGENT-3): one row per (user, conversation); starring twice is a no-op. */
export async function insertStar(db: Db, userId: string, conversationId: string, now: string): Promise<void> {
  const exists = await db
    .selectFrom('stars')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (exists) return;
  try {
    await db
      .insertInto('stars')
      .values({ user_id: userId, conversation_id: conversationId, created_at: now })
      .execute();
  } catch (error) {
    // A concurrent star of the same chat by the same agent hit the primary key: already starred.
    if (!(await isStarred(db, userId, conversationId))) throw error;
  }
}

export async function deleteStar(db: Db, userId: string, conversationId: string): Promise<void> {
  await db
    .deleteFrom('stars')
    .where('user_id', '=', userId)
    .where('conversation_id', '=', conversationId)
    .execute();
}

export async function isStarred(db: Db, userId: string, conversationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('stars')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of these conversations the agent starred (for a page of bucket rows). */
export async function listStarredAmong(
  db: Db,
  userId: string,
  conversationIds: string[],
): Promise<Set<string>> {
  if (conversationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('stars')
    .select('conversation_id')
    .where('user_id', '=', userId)
    .where('conversation_id', 'in', conversationIds)
    .execute();
  return new Set(rows.map((r) => r.conversation_id));
}

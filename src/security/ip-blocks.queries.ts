import type { Selectable } from 'kysely';
import type { Db, IpBlocksTable } from '../db/database.ts';

export type IpBlockRow = Selectable<IpBlocksTable>;

export interface IpBlock {
  id: string;
  ip: string;
  kind: 'manual' | 'strike';
  rule: string | null;
  reason: string | null;
  conversationId: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  liftedAt: string | null;
  liftedBy: string | null;
}

export function ipBlockRowToBlock(row: IpBlockRow): IpBlock {
  return {
    id: row.id,
    ip: row.ip,
    kind: row.kind === 'strike' ? 'strike' : 'manual',
    rule: row.rule,
    reason: row.reason,
    conversationId: row.conversation_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    liftedAt: row.lifted_at,
    liftedBy: row.lifted_by,
  };
}

export interface NewIpBlock {
  id: string;
  ip: string;
  kind: 'manual' | 'strike';
  rule: string | null;
  reason: string | null;
  conversationId: string | null;
  createdBy: string | null;
  now: string;
  expiresAt: string | null;
}

export async function insertIpBlock(db: Db, block: NewIpBlock): Promise<void> {
  await db
    .insertInto('ip_blocks')
    .values({
      id: block.id,
      ip: block.ip,
      kind: block.kind,
      rule: block.rule,
      reason: block.reason,
      conversation_id: block.conversationId,
      created_by: block.createdBy,
      created_at: block.now,
      expires_at: block.expiresAt,
    })
    .execute();
}

/** Blocks in force at `now`: not lifted, and permanent or not yet expired. */
export async function listActiveIpBlocks(db: Db, now: string, ip?: string): Promise<IpBlock[]> {
  let query = db
    .selectFrom('ip_blocks')
    .selectAll()
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  if (ip !== undefined) query = query.where('ip', '=', ip);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  return rows.map(ipBlockRowToBlock);
}

export async function findIpBlockById(db: Db, id: string): Promise<IpBlock | undefined> {
  const row = await db.selectFrom('ip_blocks').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ipBlockRowToBlock(row) : undefined;
}

/** Lifting stamps the rows (never deletes them: they are the audit trail). Returns how many. */
export async function liftIpBlocks(
  db: Db,
  lift: { ids: readonly string[]; liftedBy: string; now: string },
): Promise<number> {
  if (lift.ids.length === 0) return 0;
  const result = await db
    .updateTable('ip_blocks')
    .set({ lifted_at: lift.now, lifted_by: lift.liftedBy })
    .where('id', 'in', lift.ids)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The audit trail for one address, newest first. */
export async function listIpBlocksForIp(db: Db, ip: string): Promise<IpBlock[]> {
  const rows = await db
    .selectFrom('ip_blocks')
    .selectAll()
    .where('ip', '=', ip)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(ipBlockRowToBlock);
}

import type { Selectable } from 'kysely';
import type { Db, IpBlocksTable } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import type { BlockCursor, BlockListFilter, IpBlock, IpBlockListing } from './ip-block.ts';

export type IpBlockRow = Selectable<IpBlocksTable>;

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

export type NewIpBlock = Omit<IpBlock, 'createdAt' | 'liftedAt' | 'liftedBy'> & { now: string };

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

function listingQuery(db: Db) {
  return db
    .selectFrom('ip_blocks')
    .leftJoin('users as operator', 'operator.id', 'ip_blocks.created_by')
    .leftJoin('users as lifter', 'lifter.id', 'ip_blocks.lifted_by')
    .selectAll('ip_blocks')
    .select(['operator.display_name as created_by_name', 'lifter.display_name as lifted_by_name']);
}

type ListingQuery = ReturnType<typeof listingQuery>;

/** Newest first; the leading `created_at <=` gives every dialect an index range, the OR breaks ties. */
function pageOf(db: Db, query: ListingQuery, after: BlockCursor | undefined, count: number) {
  let paged = query;
  if (after) {
    paged = paged
      .where('ip_blocks.created_at', '<=', after.createdAt)
      .where((eb) =>
        eb.or([eb('ip_blocks.created_at', '<', after.createdAt), eb('ip_blocks.id', '<', after.id)]),
      );
  }
  return firstRows(
    db,
    paged.orderBy('ip_blocks.created_at', 'desc').orderBy('ip_blocks.id', 'desc'),
    count,
  ).execute();
}

/**
 * In-force blocks split by how they end, so each part is one seek of ip_blocks_live_ix
 * (lifted_at, expires_at, created_at, id): permanent ones (manual, expires_at null) walk it newest
 * first; temporary ones (strikes) are the few ending after `now`. Years of expired strike blocks
 * sit elsewhere in the index and are never read.
 */
function inForce(query: ListingQuery, part: 'permanent' | 'temporary', now: string): ListingQuery {
  const live = query.where('ip_blocks.lifted_at', 'is', null);
  return part === 'permanent'
    ? live.where('ip_blocks.expires_at', 'is', null)
    : live.where('ip_blocks.expires_at', '>', now);
}

const newestFirst = (a: IpBlockRow, b: IpBlockRow) =>
  a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1;

/**
 * One page of the Blocked addresses list (SEC-3), newest first, keyset by (created_at, id); asks
 * for `count` rows (callers pass one more than they show to learn whether another page exists).
 */
export async function listIpBlocksPage(
  db: Db,
  filter: BlockListFilter & { now: string; after?: BlockCursor | undefined; count: number },
): Promise<IpBlockListing[]> {
  let query = listingQuery(db);
  if (filter.ip) query = query.where('ip_blocks.ip', '=', filter.ip);
  if (filter.kind !== 'all') query = query.where('ip_blocks.kind', '=', filter.kind);
  const { now, after, count } = filter;
  let rows: Array<Awaited<ReturnType<typeof pageOf>>[number]>;
  if (filter.state === 'history') {
    const ended = query.where((eb) =>
      eb.or([eb('ip_blocks.lifted_at', 'is not', null), eb('ip_blocks.expires_at', '<=', now)]),
    );
    rows = await pageOf(db, ended, after, count);
  } else {
    const parts =
      filter.kind === 'manual'
        ? ['permanent']
        : filter.kind === 'strike'
          ? ['temporary']
          : ['permanent', 'temporary'];
    const pages = await Promise.all(
      parts.map((part) => pageOf(db, inForce(query, part as 'permanent' | 'temporary', now), after, count)),
    );
    rows = pages.flat().sort(newestFirst).slice(0, count);
  }
  return rows.map((row) => ({
    ...ipBlockRowToBlock(row),
    createdByName: row.created_by_name,
    liftedByName: row.lifted_by_name,
  }));
}

/** Blocks in force, counted up to `cap` (shown as "cap+"): one capped index range per part. */
export async function countActiveIpBlocks(db: Db, now: string, cap: number): Promise<number> {
  const live = db.selectFrom('ip_blocks').select('ip_blocks.id').where('ip_blocks.lifted_at', 'is', null);
  const parts = [
    live.where('ip_blocks.expires_at', 'is', null),
    live.where('ip_blocks.expires_at', '>', now),
  ];
  const counts = await Promise.all(
    parts.map(async (part) => {
      const row = await db
        .selectFrom(firstRows(db, part, cap).as('capped'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }),
  );
  return Math.min(
    cap,
    counts.reduce((sum, n) => sum + n, 0),
  );
}

import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../shared/keyset-cursor.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { BlockRefusalDetail } from './block-refusals.ts';
import { normalizeIp } from './client-ip.ts';
import type { BlockListFilter, IpBlock, IpBlockListing } from './ip-block.ts';
import {
  countActiveIpBlocks,
  findIpBlockById,
  insertIpBlock,
  liftIpBlocks,
  listActiveIpBlocks,
  listIpBlocksPage,
} from './ip-blocks.queries.ts';
import { listLiveStaffNamesFromIp } from './login-history.queries.ts';

type BlockDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'blocks'>;

export const MAX_BLOCK_REASON = 500;

/** How many names a "staff are signed in from there" refusal lists. */
const STAFF_NAMES_SHOWN = 5;

/**
 * Manual permanent block (SEC-3), e.g. from the chat modal: who, why and when are kept on the row.
 * Takes effect on every instance at once (the registry is refreshed and announced). Never the
 * operator's own address, nor one a live staff session signed in from: the bare 403 would lock
 * them out of the console and out of /login (an office behind one address), with no way back in
 * but another admin elsewhere. `staffNames` says who, for the refusal.
 */
export async function blockIp(
  deps: BlockDeps,
  input: { ip: string; reason: string; operatorId: string; operatorIp: string; conversationId?: string },
): Promise<{ ok: true; value: IpBlock } | ({ ok: false } & BlockRefusalDetail)> {
  const ip = normalizeIp(input.ip);
  if (!ip) return fail('block.invalid_ip');
  const reason = input.reason.trim();
  if (reason.length === 0) return fail('block.reason_required');
  if (reason.length > MAX_BLOCK_REASON) return fail('block.reason_too_long');
  if (ip === normalizeIp(input.operatorIp)) return { ok: false, code: 'block.own_address', ip };
  const now = toIso(deps.clock.now());
  const staffNames = await listLiveStaffNamesFromIp(deps.db, ip, now, STAFF_NAMES_SHOWN);
  if (staffNames.length > 0) return { ok: false, code: 'block.staff_address', ip, staffNames };
  const id = deps.ids.next();
  await insertIpBlock(deps.db, {
    id,
    ip,
    kind: 'manual',
    rule: null,
    reason,
    conversationId: input.conversationId ?? null,
    createdBy: input.operatorId,
    now,
    expiresAt: null,
  });
  await deps.blocks.refresh(ip);
  deps.log.info('security.ip_blocked', { ip, blockId: id, operatorId: input.operatorId });
  const block = await findIpBlockById(deps.db, id);
  if (!block) throw new Error(`ip block ${id} vanished after insert`);
  return ok(block);
}

/**
 * Lifts one block (by id) or every active block of an address (by ip). Rows stay, stamped with
 * lifted_at/lifted_by, so the history of who blocked and who unblocked is never lost.
 */
export async function unblockIp(
  deps: BlockDeps,
  input: ({ blockId: string } | { ip: string }) & { operatorId: string },
): Promise<Result<{ ip: string; lifted: number }, 'block.not_found' | 'block.invalid_ip'>> {
  const now = toIso(deps.clock.now());
  let ip: string;
  let ids: string[];
  if ('blockId' in input) {
    const block = await findIpBlockById(deps.db, input.blockId);
    if (!block || block.liftedAt !== null) return fail('block.not_found');
    ip = block.ip;
    ids = [block.id];
  } else {
    const normalized = normalizeIp(input.ip);
    if (!normalized) return fail('block.invalid_ip');
    ip = normalized;
    ids = (await listActiveIpBlocks(deps.db, now, ip)).map((b) => b.id);
    if (ids.length === 0) return fail('block.not_found');
  }
  const lifted = await liftIpBlocks(deps.db, { ids, liftedBy: input.operatorId, now });
  await deps.blocks.refresh(ip);
  deps.log.info('security.ip_unblocked', { ip, lifted, operatorId: input.operatorId });
  return ok({ ip, lifted });
}

export const BLOCKS_PAGE_SIZE = 25;
/** The "in force" tab counts up to here and shows "N+". */
export const BLOCKS_COUNT_CAP = 10_000;

export interface BlocksPage {
  rows: IpBlockListing[];
  nextCursor: string | undefined;
  inForce: number;
  /** The address searched for is not an address: said instead of an empty list. */
  ipError: string | undefined;
}

/**
 * The Blocked addresses page (SEC-3): blocks in force or their history, newest first, 25 a page
 * by keyset (`after` is the opaque cursor of the previous page's last row).
 */
export async function listBlocks(
  deps: Pick<Deps, 'db' | 'clock'>,
  query: Omit<BlockListFilter, 'ip'> & { ip?: string | undefined; after?: string | undefined },
): Promise<BlocksPage> {
  const now = toIso(deps.clock.now());
  const inForce = countActiveIpBlocks(deps.db, now, BLOCKS_COUNT_CAP);
  const ip = query.ip ? normalizeIp(query.ip) : undefined;
  if (query.ip && !ip) {
    return {
      rows: [],
      nextCursor: undefined,
      inForce: await inForce,
      ipError: 'Enter a whole IPv4 or IPv6 address, such as 203.0.113.7.',
    };
  }
  const cursor = decodeKeysetCursor(query.after);
  const after = cursor ? { createdAt: cursor.at, id: cursor.id } : undefined;
  const rows = await listIpBlocksPage(deps.db, {
    state: query.state,
    kind: query.kind,
    ip: ip ?? undefined,
    now,
    after,
    count: BLOCKS_PAGE_SIZE + 1,
  });
  const shown = rows.slice(0, BLOCKS_PAGE_SIZE);
  const last = shown.at(-1);
  const nextCursor =
    rows.length > BLOCKS_PAGE_SIZE && last
      ? encodeKeysetCursor({ at: last.createdAt, id: last.id })
      : undefined;
  return { rows: shown, nextCursor, inForce: await inForce, ipError: undefined };
}

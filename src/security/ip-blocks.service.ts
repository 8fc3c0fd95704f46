import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { normalizeIp } from './client-ip.ts';
import {
  findIpBlockById,
  type IpBlock,
  insertIpBlock,
  liftIpBlocks,
  listActiveIpBlocks,
} from './ip-blocks.queries.ts';

type BlockDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'blocks'>;

export const MAX_BLOCK_REASON = 500;

/**
 * Manual permanent block (SEC-3), e.g. from the chat modal: who, why and when are kept on the row.
 * Takes effect on every instance at once (the registry is refreshed and announced).
 */
export async function blockIp(
  deps: BlockDeps,
  input: { ip: string; reason: string; operatorId: string; conversationId?: string },
): Promise<Result<IpBlock, 'block.invalid_ip' | 'block.reason_required' | 'block.reason_too_long'>> {
  const ip = normalizeIp(input.ip);
  if (!ip) return fail('block.invalid_ip');
  const reason = input.reason.trim();
  if (reason.length === 0) return fail('block.reason_required');
  if (reason.length > MAX_BLOCK_REASON) return fail('block.reason_too_long');
  const now = toIso(deps.clock.now());
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

import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import {
  deleteCannedReply,
  findCannedReply,
  insertCannedReply,
  listCannedReplies,
  updateCannedReply,
} from './canned-replies.queries.ts';
import { type CannedReply, MAX_CANNED_REPLIES } from './canned-reply.ts';

export interface CannedReplyInput {
  title: string;
  body: string;
}

export const cannedRepliesOf = (deps: Pick<Deps, 'db'>, userId: string): Promise<CannedReply[]> =>
  listCannedReplies(deps.db, userId);

const freeSlots = (taken: CannedReply[]): number[] => {
  const used = new Set(taken.map((r) => r.position));
  return Array.from({ length: MAX_CANNED_REPLIES }, (_, i) => i + 1).filter((slot) => !used.has(slot));
};

/**
 * Saves a new reply into the agent's first free slot. A concurrent save that took the same slot
 * makes the insert fail on the unique (user, slot) index: we re-read and try the next free slot,
 * so the cap holds however many requests race (no count-then-insert window).
 */
export async function addCannedReply(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  userId: string,
  input: CannedReplyInput,
): Promise<Result<CannedReply, 'limit_reached'>> {
  for (let attempt = 0; attempt <= MAX_CANNED_REPLIES; attempt++) {
    const slot = freeSlots(await listCannedReplies(deps.db, userId))[0];
    if (slot === undefined) return fail('limit_reached');
    const reply = { id: deps.ids.next(), ...input, position: slot };
    try {
      await insertCannedReply(deps.db, { ...reply, userId, now: toIso(deps.clock.now()) });
      return ok(reply);
    } catch (error) {
      const taken = (await listCannedReplies(deps.db, userId)).some((r) => r.position === slot);
      if (!taken) throw error; // not a slot race: a real failure
    }
  }
  return fail('limit_reached');
}

export async function editCannedReply(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
  id: string,
  input: CannedReplyInput,
): Promise<Result<CannedReply, 'not_found'>> {
  const changed = await updateCannedReply(deps.db, { id, userId, ...input, now: toIso(deps.clock.now()) });
  const reply = changed === 1 ? await findCannedReply(deps.db, userId, id) : undefined;
  return reply ? ok(reply) : fail('not_found');
}

export async function removeCannedReply(
  deps: Pick<Deps, 'db'>,
  userId: string,
  id: string,
): Promise<Result<true, 'not_found'>> {
  return (await deleteCannedReply(deps.db, userId, id)) === 1 ? ok(true) : fail('not_found');
}

import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { findKnownVisitor } from './chat-start.service.ts';
import { claimCsat, findCsatFacts } from './csat.queries.ts';
import { type CsatState, csatStateOf, isCsatScore, MAX_CSAT_COMMENT } from './csat.ts';

/** The visitor's side of CSAT (BEYOND-5), by visitor token like every visitor call (VIS-3). */
interface Asker {
  projectId: string;
  token: string | undefined;
  conversationId: string;
}

async function ownFacts(deps: Deps, input: Asker) {
  const visitor = await findKnownVisitor(deps, input.projectId, input.token);
  const facts = await findCsatFacts(deps.db, input.conversationId);
  // Someone else's conversation is "not found", never "forbidden" (VIS-3).
  if (!visitor || !facts || facts.visitorId !== visitor.id || facts.projectId !== input.projectId)
    return undefined;
  return facts;
}

export async function csatStateFor(deps: Deps, input: Asker): Promise<Result<CsatState, 'not_found'>> {
  const facts = await ownFacts(deps, input);
  return facts ? ok(csatStateOf(facts)) : fail('not_found');
}

export type RateRefusal = 'not_found' | 'bad_score' | 'comment_too_long' | 'not_open' | 'already_rated';

export async function rateChat(
  deps: Deps,
  input: Asker & { score: unknown; comment: unknown },
): Promise<Result<CsatState, RateRefusal>> {
  if (!isCsatScore(input.score)) return fail('bad_score');
  const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
  if (comment.length > MAX_CSAT_COMMENT) return fail('comment_too_long');
  const facts = await ownFacts(deps, input);
  if (!facts) return fail('not_found');
  const state = csatStateOf(facts);
  if (state.state === 'rated') return fail('already_rated');
  if (state.state !== 'open') return fail('not_open');
  const claimed = await claimCsat(deps.db, {
    conversationId: input.conversationId,
    visitorId: facts.visitorId,
    score: input.score,
    comment: comment || null,
    now: toIso(deps.clock.now()),
  });
  if (!claimed) return fail('already_rated');
  return ok({ state: 'rated', score: input.score, comment: comment || null });
}

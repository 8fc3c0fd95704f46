import { findConversationById } from '../conversations/conversations.queries.ts';
import type { Deps } from '../deps.ts';
import { type RateLimitSpec, takeRateLimit } from '../security/rate-limit.service.ts';
import { addMs, toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { CHAT_AGAIN_LIMITS, CHAT_START_LIMITS, OPEN_CHATS_PER_ADDRESS } from './chat-limits.ts';
import { findKnownVisitor, type StartChatInput, startChat, startFollowUpChat } from './chat-start.service.ts';
import { bindKeyHash, isPlausibleVisitorToken, visitorTokenHash } from './visitor-token.ts';
import { findLatestVisitorConversation, listOpenChatsFromAddress } from './visitors.queries.ts';

/**
 * Chat start within its limits (SEC-8): the per-address rate limit runs first as middleware on
 * the routes; here the rules every chat start shares, page and widget alike: a visitor token's
 * own rate limit (a refusal is a strike against the address), one open chat per token started
 * within the last day (starting again returns it: a double tap, a second tab, or a script; a
 * visitor back after weeks from a new campaign gets a new chat crediting it), and a cap on open
 * chats per address.
 */
export interface GuardedChat {
  visitorId: string;
  conversationId: string;
  token: string;
  status: string;
}

type Refusal =
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number }
  | { ok: false; code: 'chat.too_many_open' };

async function tokenAllowance(
  deps: Deps,
  ip: string,
  token: string | undefined,
  spec: RateLimitSpec,
): Promise<Refusal | undefined> {
  if (!isPlausibleVisitorToken(token)) return undefined;
  // The token's hash names the counter: a secret never becomes a Redis key.
  const taken = await takeRateLimit(deps, ip, spec, `token:${visitorTokenHash(token)}`);
  return taken.allowed
    ? undefined
    : { ok: false, code: 'rate_limited', retryAfterSeconds: taken.retryAfterSeconds };
}

export async function startChatWithinLimits(
  deps: Deps,
  input: StartChatInput & { ip: string; bindKey?: string | undefined },
): Promise<{ ok: true; value: GuardedChat } | Refusal> {
  const started = await startOrResume(deps, input);
  if (started.ok && input.bindKey) {
    // The page's early socket joins the chat now, before this answer is on its way (ADR 0051).
    deps.publisher.publish({
      type: 'socket.bound',
      bindHash: bindKeyHash(input.bindKey),
      projectId: input.projectId,
      visitorId: started.value.visitorId,
      conversationId: started.value.conversationId,
    });
  }
  return started;
}

async function startOrResume(
  deps: Deps,
  input: StartChatInput & { ip: string },
): Promise<{ ok: true; value: GuardedChat } | Refusal> {
  const limited = await tokenAllowance(deps, input.ip, input.token, CHAT_START_LIMITS.perToken);
  if (limited) return limited;
  const since = toIso(addMs(deps.clock.now(), -OPEN_CHATS_PER_ADDRESS.withinMs));
  const known = await findKnownVisitor(deps, input.projectId, input.token);
  const latest = known ? await findLatestVisitorConversation(deps.db, known.id) : undefined;
  if (known && input.token && latest && latest.status !== 'closed' && latest.createdAt >= since) {
    return ok({ visitorId: known.id, conversationId: latest.id, token: input.token, status: latest.status });
  }
  const fromAddress = await listOpenChatsFromAddress(deps.db, input.ip, since, OPEN_CHATS_PER_ADDRESS.limit);
  if (fromAddress.length >= OPEN_CHATS_PER_ADDRESS.limit) return fail('chat.too_many_open');
  const started = await startChat(deps, input);
  return ok({
    visitorId: started.visitorId,
    conversationId: started.conversationId,
    token: started.token,
    status: started.status,
  });
}

/**
 * The fresh chat after a close (VIS-8), within the token's allowance, with the time it started
 * (the visitor's page marks where the new conversation begins, and when).
 */
export async function startFollowUpWithinLimits(
  deps: Deps,
  input: { projectId: string; token: string | undefined; ip: string },
): Promise<
  Result<{ conversationId: string; startedAt: string }, 'visitor.unknown' | 'chat.still_open'> | Refusal
> {
  const limited = await tokenAllowance(deps, input.ip, input.token, CHAT_AGAIN_LIMITS.perToken);
  if (limited) return limited;
  const started = await startFollowUpChat(deps, { projectId: input.projectId, token: input.token });
  if (!started.ok) return started;
  const conversation = await findConversationById(deps.db, started.value.conversationId);
  return ok({
    conversationId: started.value.conversationId,
    startedAt: conversation?.createdAt ?? toIso(deps.clock.now()),
  });
}

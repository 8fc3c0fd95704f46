import { isDatabaseUnavailable } from '../db/unavailable.ts';
import type { Deps } from '../deps.ts';
import type { RealtimeEvent } from '../events/events.ts';
import type { Timers } from '../shared/timers.ts';
import { isNewestMessageFromVisitor } from './ai.queries.ts';
import { AI_AGENT_ID, AI_AGENT_NAME, type AiAgentPort, isAiAgent, TYPING_REFRESH_MS } from './ai-agent.ts';
import { handOverIdleChats, returnToHumans } from './ai-handover.service.ts';
import { composeReply, decideOnVisitorMessage, newestVisitorSeq, offerToAi } from './ai-reply.service.ts';

/**
 * The AI fallback agent of one instance (docs/decisions/0025): the replies it is composing, each
 * an in-process task on the injected timers, cancelled by a person's message, a close, a
 * reassignment or a newer visitor message, on this instance or another (`observe` sees every
 * event the hub delivers). The instance that received the visitor's message composes the reply;
 * if it dies meanwhile, the watchdog sweeper (ai.sweepers.ts) gives the chat back to routing.
 */
interface Pending {
  seq: number;
  controller: AbortController;
  typing: boolean;
  heartbeat: unknown;
  timers: Set<unknown>;
}

export function createAiAgent(options: { timers: Timers }): AiAgentPort<Deps, RealtimeEvent> {
  const { timers } = options;
  let deps: Deps | undefined;
  const pending = new Map<string, Pending>();

  const publishTyping = (conversationId: string, typing: boolean) =>
    deps?.publisher.publish({
      type: 'typing.changed',
      conversationId,
      side: 'staff',
      typing,
      name: AI_AGENT_NAME,
    });

  function setTyping(conversationId: string, job: Pending, on: boolean): void {
    timers.clearTimeout(job.heartbeat);
    job.heartbeat = undefined;
    if (on) {
      job.typing = true;
      publishTyping(conversationId, true);
      job.heartbeat = timers.setTimeout(() => {
        if (job.typing && !job.controller.signal.aborted) setTyping(conversationId, job, true);
      }, TYPING_REFRESH_MS);
    } else if (job.typing) {
      job.typing = false;
      publishTyping(conversationId, false);
    }
  }

  function cancel(conversationId: string): void {
    const job = pending.get(conversationId);
    if (!job) return;
    pending.delete(conversationId);
    job.controller.abort();
    for (const handle of job.timers) timers.clearTimeout(handle);
    job.timers.clear();
    setTyping(conversationId, job, false);
  }

  function sleep(job: Pending, ms: number): Promise<boolean> {
    const { signal } = job.controller;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      const handle = timers.setTimeout(() => {
        job.timers.delete(handle);
        resolve(!signal.aborted);
      }, ms);
      job.timers.add(handle);
      signal.addEventListener('abort', () => resolve(false), { once: true });
    });
  }

  async function run(live: Deps, conversationId: string, job: Pending): Promise<void> {
    try {
      await composeReply(live, {
        conversationId,
        seq: job.seq,
        signal: job.controller.signal,
        sleep: (ms) => sleep(job, ms),
        typing: (on) => setTyping(conversationId, job, on),
      });
    } catch (error) {
      // Our own fault, not the provider's: the visitor still lands with a human, never stuck.
      live.log.error('ai.reply_failed', { conversationId, error });
      setTyping(conversationId, job, false);
      if (!job.controller.signal.aborted) {
        await returnToHumans(live, conversationId, 'failed').catch((e: unknown) =>
          live.log.error('ai.hand_back_failed', { conversationId, error: e }),
        );
      }
    } finally {
      timers.clearTimeout(job.heartbeat);
      if (pending.get(conversationId) === job) pending.delete(conversationId);
    }
  }

  /** Starts composing the answer to `seq`; an earlier pending reply of the chat gives way. */
  function schedule(live: Deps, conversationId: string, seq: number): void {
    cancel(conversationId);
    const job: Pending = {
      seq,
      controller: new AbortController(),
      typing: false,
      heartbeat: undefined,
      timers: new Set(),
    };
    pending.set(conversationId, job);
    void run(live, conversationId, job);
  }

  return {
    attach(next) {
      deps = next;
    },
    async offer(conversationId, phase) {
      const live = deps;
      if (!live) return null;
      try {
        if (!(await offerToAi(live, conversationId, phase))) return null;
      } catch (error) {
        live.log.error('ai.offer_failed', { conversationId, error });
        return null;
      }
      // A chat that waited in the queue may hold a visitor message nobody answered yet.
      try {
        if (await isNewestMessageFromVisitor(live.db, conversationId)) {
          const seq = await newestVisitorSeq(live, conversationId);
          if (seq !== null) schedule(live, conversationId, seq);
        }
      } catch (error) {
        live.log.error('ai.schedule_failed', { conversationId, error });
      }
      return { assigneeId: AI_AGENT_ID };
    },
    async visitorWrote({ conversationId, seq, heldBy }) {
      const live = deps;
      if (!live) return;
      try {
        const turn = await decideOnVisitorMessage(live, conversationId, heldBy);
        if (turn.kind === 'reply') schedule(live, conversationId, seq);
        else cancel(conversationId);
      } catch (error) {
        // The database going away is reported by /readyz; the next visitor message decides again.
        if (isDatabaseUnavailable(error))
          live.log.warn('ai.visitor_message_unavailable', { conversationId, error });
        else live.log.error('ai.visitor_message_failed', { conversationId, error });
      }
    },
    async handOverIdleChats() {
      const live = deps;
      if (!live) return 0;
      try {
        return await handOverIdleChats(live, (id) => pending.has(id));
      } catch (error) {
        live.log.error('ai.handover_failed', { error });
        return 0;
      }
    },
    observe(event) {
      const job = 'conversationId' in event ? pending.get(event.conversationId) : undefined;
      if (!job || !('conversationId' in event)) return;
      const stale =
        (event.type === 'message.created' &&
          (event.message.senderKind === 'agent' ||
            event.message.senderKind === 'admin' ||
            (event.message.senderKind === 'visitor' && event.message.seq > job.seq))) ||
        (event.type === 'conversation.assigned' && isAiAgent(event.previousAssigneeId)) ||
        event.type === 'conversation.closed';
      if (stale) cancel(event.conversationId);
    },
    pendingReplies: () => pending.size,
    stop() {
      for (const conversationId of [...pending.keys()]) cancel(conversationId);
    },
  };
}

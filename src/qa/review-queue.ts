/**
 * The review queue (QA-3): each week, a fixed sample of every agent's closed chats (the AI as its
 * own agent) for QA to score. The sample is a deterministic hash of the week and the chat id, so
 * it is the same for every reviewer and every reload, and scoring a chat never pulls another one
 * in: the queue is "N per agent per week", and what is left is the sample's unscored part.
 */
export interface ClosedChat {
  id: string;
  agentId: string;
  agentName: string;
  isAi: boolean;
  visitorName: string | null;
  projectTitle: string;
  closedAt: string;
  scored: boolean;
}

export interface AgentSample {
  agentId: string;
  agentName: string;
  isAi: boolean;
  /** Closed chats of this agent in the week (the population sampled). */
  closedCount: number;
  picks: ClosedChat[];
}

const DAY_MS = 86_400_000;

/** The UTC week (Monday 00:00 to Sunday 23:59:59.999) holding `day`, as inclusive instants. */
export function weekOf(day: Date): {
  start: string;
  from: string;
  to: string;
  previous: string;
  next: string;
} {
  const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  const monday = midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    start: iso(monday).slice(0, 10),
    from: iso(monday),
    to: iso(monday + 7 * DAY_MS - 1),
    previous: iso(monday - 7 * DAY_MS).slice(0, 10),
    next: iso(monday + 7 * DAY_MS).slice(0, 10),
  };
}

/** FNV-1a, 32 bits: a stable, well-spread order with no randomness. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `perAgent` chats of each agent, picked by hash of `seed` (the week) and id; agents by name. */
export function sampleForReview(chats: readonly ClosedChat[], perAgent: number, seed: string): AgentSample[] {
  const byAgent = new Map<string, ClosedChat[]>();
  for (const chat of chats) byAgent.set(chat.agentId, [...(byAgent.get(chat.agentId) ?? []), chat]);
  return [...byAgent.values()]
    .map((own) => {
      const first = own[0] as ClosedChat;
      const picks = [...own]
        .sort((a, b) => hash(`${seed}:${a.id}`) - hash(`${seed}:${b.id}`) || a.id.localeCompare(b.id))
        .slice(0, perAgent)
        .sort((a, b) => a.closedAt.localeCompare(b.closedAt));
      return {
        agentId: first.agentId,
        agentName: first.agentName,
        isAi: first.isAi,
        closedCount: own.length,
        picks,
      };
    })
    .sort((a, b) => Number(a.isAi) - Number(b.isAi) || a.agentName.localeCompare(b.agentName));
}

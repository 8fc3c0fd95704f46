import { visitorIds } from '../../views/visitor/visitor-dom-ids.ts';
import { setStatusText, show } from './chat-view.ts';

/**
 * While nobody has picked the chat up (BEYOND-3): the visitor's place in the queue, refreshed
 * every 10 s while the page is visible, and after the configured wait the offer to leave a
 * message. The lead is stored already; this only tells the visitor so.
 */
const POLL_MS = 10_000;
let timer: ReturnType<typeof setTimeout> | undefined;

interface QueueState {
  status: string;
  position: number | null;
  offerLeaveMessage: boolean;
}

export function watchQueue(
  slug: string,
  conversationId: () => string,
  authHeaders: () => Record<string, string>,
  onStatus: (status: string) => void,
): void {
  clearTimeout(timer);
  const tick = async () => {
    if (document.visibilityState === 'visible') {
      const asked = conversationId();
      const query = new URLSearchParams({ conversation: asked });
      const res = await fetch(`/p/${slug}/queue?${query}`, { headers: authHeaders() }).catch(() => undefined);
      if (res?.ok && asked === conversationId()) {
        const state = (await res.json()) as QueueState;
        if (state.status !== 'unassigned') return onStatus(state.status);
        if (state.position !== null) {
          setStatusText(
            state.position === 1
              ? 'You are next in line. A specialist will be with you shortly.'
              : `You are number ${state.position} in line. A specialist will be with you shortly.`,
          );
        }
        show(visitorIds.leaveMessage, state.offerLeaveMessage);
      }
    }
    timer = setTimeout(() => void tick(), POLL_MS);
  };
  void tick();
}

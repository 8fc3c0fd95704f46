import { byId, CHAT_READY_EVENT, type ChatStart, pageContext, showChat, storedToken } from './page.ts';
import { setUpPwa } from './pwa.ts';

const ctx = pageContext();

async function resumeFromStorage(): Promise<void> {
  const token = storedToken(ctx.projectId);
  if (!token) return;
  const res = await fetch(`/p/${ctx.slug}/session`, {
    headers: { 'X-Visitor-Token': token, Accept: 'application/json' },
  });
  if (!res.ok) return;
  const session = (await res.json()) as { conversationId: string; status: string };
  showChat({ conversationId: session.conversationId, status: session.status });
}

function openChat(start: ChatStart): void {
  void byId;
  void start;
}

document.addEventListener(CHAT_READY_EVENT, (event) => openChat((event as CustomEvent<ChatStart>).detail));
if (ctx.state === 'chat' && ctx.conversationId)
  openChat({ conversationId: ctx.conversationId, status: ctx.status ?? '' });
else void resumeFromStorage().catch(() => undefined);
setUpPwa(ctx.swUrl);

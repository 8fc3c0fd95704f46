import type { Deps } from '../deps.ts';

// TEMP until route merges: the contract `routeConversation(deps, conversationId)` only, so the
// visitor chat start compiles and hands its chats to routing. It assigns nothing; the routing
// branch's real implementation replaces this whole file.
export async function routeConversation(_deps: Deps, _conversationId: string): Promise<void> {}

import { SOCKET_BIND_PARAM } from '../../src/visitors/visitor-token.ts';
import { socketUrl as wsUrl } from '../shared/realtime.ts';

/**
 * `/ws?project=…&vt=…`: the token from localStorage when we have it, else the cookie does it.
 * Before a chat exists, `bindKey` opens a socket the chat start binds (ADR 0051).
 */
export function socketUrl(projectId: string, token: string | undefined, bindKey?: string): string {
  const params = new URLSearchParams({ project: projectId });
  if (token) params.set('vt', token);
  if (bindKey) params.set(SOCKET_BIND_PARAM, bindKey);
  return wsUrl(params);
}

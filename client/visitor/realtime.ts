import { socketUrl as wsUrl } from '../shared/realtime.ts';

/** `/ws?project=…&vt=…`: the token from localStorage when we have it, else the cookie does it. */
export function socketUrl(projectId: string, token: string | undefined): string {
  const params = new URLSearchParams({ project: projectId });
  if (token) params.set('vt', token);
  return wsUrl(params);
}

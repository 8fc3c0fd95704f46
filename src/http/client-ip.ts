import type { Context } from 'hono';
import { getConnInfo } from 'hono/bun';
import { deriveClientIp, type TrustedProxies } from '../security/client-ip.ts';

/** The TCP peer's address; undefined under app.request() in tests, where there is no socket. */
export function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * The client address of a raw request, for code that runs outside Hono (a WebSocket upgrade
 * handled in Bun.serve's fetch): the same rule as the clientIp middleware. Check
 * `deps.blocks.isBlocked(ip)` with it before upgrading.
 */
export function requestClientIp(
  request: Request,
  server: { requestIP(request: Request): { address: string } | null },
  trusted: TrustedProxies,
): string {
  const forwardedFor = request.headers.get('X-Forwarded-For');
  return deriveClientIp({
    peer: server.requestIP(request)?.address,
    forwardedFor: forwardedFor ? [forwardedFor] : [],
    trusted,
  });
}

import type { Server } from 'bun';
import { parse as parseCookies } from 'hono/utils/cookie';
import { resolveSession } from '../auth/sessions.service.ts';
import type { Deps } from '../deps.ts';
import { embedOriginAllowed } from '../embed/embed.service.ts';
import { requestClientIp } from '../http/client-ip.ts';
import { SESSION_COOKIE } from '../http/middleware/session.ts';
import { findProjectById } from '../projects/projects.queries.ts';
import type { TrustedProxies } from '../security/client-ip.ts';
import {
  bindKeyHash,
  isPlausibleBindKey,
  isPlausibleVisitorToken,
  SOCKET_BIND_PARAM,
  VISITOR_TOKEN_QUERY,
  visitorCookieName,
  visitorTokenHash,
} from '../visitors/visitor-token.ts';
import { findVisitorByTokenHash } from '../visitors/visitors.queries.ts';
import type { Hub, SocketData } from './hub.ts';
import { PENDING_SOCKETS_PER_ADDRESS } from './wire.ts';

/** The origin a staff page is served from: cookies alone must not open a staff socket cross-site. */
function expectedOrigin(deps: Pick<Deps, 'config'>, url: URL): string {
  return deps.config.publicUrl ?? url.origin;
}

/**
 * Authenticates a `/ws` upgrade (RT-1): visitors by `?project=<id>&vt=<token>` (or the
 * project's `vt_` cookie), a visitor page without a chat yet by `?project=<id>&bind=<key>` (a
 * pending socket, ADR 0051), staff by the session cookie from our own origin. Returns the socket
 * data, or undefined to refuse with 401.
 */
export async function authenticateUpgrade(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config'>,
  req: Request,
  ip: string,
): Promise<SocketData | undefined> {
  const url = new URL(req.url);
  const cookies = parseCookies(req.headers.get('Cookie') ?? '');
  const base = {
    connectionId: deps.ids.next(),
    ip,
    joined: new Set<string>(),
    membership: Promise.resolve(),
    typing: null,
    bindHash: null,
  };
  const projectId = url.searchParams.get('project');
  if (projectId) {
    if (projectId.length > 64) return undefined;
    const token = url.searchParams.get(VISITOR_TOKEN_QUERY) ?? cookies[visitorCookieName(projectId)];
    const bindKey = url.searchParams.get(SOCKET_BIND_PARAM) ?? undefined;
    const bindHash = isPlausibleBindKey(bindKey) ? bindKeyHash(bindKey) : null;
    const visitor = isPlausibleVisitorToken(token)
      ? await findVisitorByTokenHash(deps.db, projectId, visitorTokenHash(token))
      : undefined;
    if (visitor) {
      return {
        ...base,
        bindHash,
        sessionId: null,
        actor: { kind: 'visitor', visitorId: visitor.id, projectId },
      };
    }
    // No visitor yet: a page about to start a chat, bound by the start (ADR 0051).
    if (!bindHash || !(await findProjectById(deps.db, projectId))) return undefined;
    return { ...base, bindHash, sessionId: null, actor: { kind: 'pending', projectId } };
  }
  const sid = cookies[SESSION_COOKIE];
  if (!sid || sid.length > 100) return undefined;
  if (req.headers.get('Origin') !== expectedOrigin(deps, url)) return undefined;
  const session = await resolveSession(deps, sid);
  if (!session) return undefined;
  const { user } = session;
  return {
    ...base,
    sessionId: session.sessionId,
    actor: { kind: 'staff', userId: user.id, role: user.role, name: user.displayName },
  };
}

/**
 * WID-5 on the WebSocket: browsers always send Origin on an upgrade. A visitor socket opened
 * from another site (not from the widget's frame, which is on our origin) is refused unless the
 * project allows that site. Staff sockets are held to our own origin in authenticateUpgrade.
 */
async function visitorOriginAllowed(deps: Pick<Deps, 'db' | 'config'>, req: Request): Promise<boolean> {
  const url = new URL(req.url);
  const projectId = url.searchParams.get('project');
  const origin = req.headers.get('Origin');
  if (!projectId || !origin || req.headers.get('Sec-Fetch-Site') === 'same-origin') return true;
  return embedOriginAllowed(deps, projectId.slice(0, 64), origin, expectedOrigin(deps, url));
}

/**
 * Answers an upgrade request: undefined when Bun took the connection over. A blocked address
 * gets the same bare 403 as every HTTP request (SEC-1), before anything else is looked at.
 */
export async function upgradeSocket(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'blocks'>,
  req: Request,
  server: Server<SocketData>,
  trusted: TrustedProxies,
  hub: Pick<Hub, 'pendingFrom'>,
): Promise<Response | undefined> {
  const ip = requestClientIp(req, server, trusted);
  if (deps.blocks.isBlocked(ip)) return new Response(null, { status: 403 });
  if (req.headers.get('Upgrade')?.toLowerCase() !== 'websocket') {
    return new Response('Expected a WebSocket upgrade', { status: 426 });
  }
  if (!(await visitorOriginAllowed(deps, req))) return new Response('Origin not allowed', { status: 403 });
  const data = await authenticateUpgrade(deps, req, ip);
  if (!data) return new Response('Unauthorized', { status: 401 });
  if (data.actor.kind === 'pending' && hub.pendingFrom(ip) >= PENDING_SOCKETS_PER_ADDRESS) {
    return new Response('Too many sockets waiting for a chat', { status: 429 });
  }
  return server.upgrade(req, { data }) ? undefined : new Response('Upgrade failed', { status: 400 });
}

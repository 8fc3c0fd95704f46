import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { publicOrigin } from '../http/public-origin.ts';
import { embedOriginAllowed, isVisitorApiPath, projectIdOfVisitorPath } from './embed.service.ts';

export interface EmbedOriginOptions {
  /** Which paths carry the visitor API the widget's frame uses (WID-5). */
  isGuarded?: (path: string) => boolean;
}

/**
 * WID-5 on HTTP: a visitor API call that says it comes from another site (`Origin`, which
 * browsers set on cross-origin fetches and every POST) is answered only when that origin is on
 * the project's allowed list. The widget's own frame is on our origin and always passes; a page
 * navigation carries no Origin, so the embed page itself is guarded by frame-ancestors instead.
 */
export function embedOrigin({
  isGuarded = isVisitorApiPath,
}: EmbedOriginOptions = {}): MiddlewareHandler<AppEnv> {
  return async function embedOriginMiddleware(c, next) {
    const origin = c.req.header('Origin');
    if (!origin || !isGuarded(c.req.path) || c.req.header('Sec-Fetch-Site') === 'same-origin') return next();
    const deps = c.get('deps');
    const own = publicOrigin(c);
    if (origin === own) return next();
    const projectId = await projectIdOfVisitorPath(deps, c.req.path);
    // An unknown project or conversation is the route's 404 to give.
    if (!projectId || (await embedOriginAllowed(deps, projectId, origin, own))) return next();
    deps.log.warn('widget.origin_refused', { requestId: c.get('requestId'), path: c.req.path, origin });
    return c.json({ error: 'origin.not_allowed', origin }, 403);
  };
}

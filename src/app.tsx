import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ErrorMessage, ErrorPage } from '../views/errors/error-page.tsx';
import { agentRoutes } from './agent/agent.routes.tsx';
import { chatRoutes } from './agent/chat.routes.tsx';
import { inboxRoutes } from './agent/inbox.routes.tsx';
import { aiRoutes } from './ai/ai.routes.tsx';
import { assetRoutes } from './assets/assets.routes.ts';
import { staffAttachmentRoutes } from './attachments/staff-attachments.routes.ts';
import { blocklistRoutes } from './blocklist/blocklist.routes.tsx';
import { cannedReplyRoutes } from './canned-replies/canned-replies.routes.tsx';
import { chatPanelRoutes } from './chats/chat-panel.routes.tsx';
import { chatsRoutes } from './chats/chats.routes.tsx';
import { crmRoutes } from './crm/crm.routes.tsx';
import { leadImportRoutes } from './crm/lead-imports.routes.tsx';
import { sheetSourceRoutes } from './crm/sheet-sources.routes.tsx';
import { webLeadSettingsRoutes } from './crm/web-lead-settings.routes.tsx';
import { webLeadRoutes } from './crm/web-leads.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.tsx';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './db/unavailable.ts';
import type { Deps } from './deps.ts';
import { embedRoutes } from './embed/embed.routes.ts';
import { embedOrigin } from './embed/embed-origin.ts';
import type { AppEnv } from './http/env.ts';
import { AppError } from './http/errors.ts';
import { isFragmentRequest } from './http/fragments.ts';
import { authorize } from './http/middleware/authorize.ts';
import { blockFirst } from './http/middleware/block-first.ts';
import { bodyLimits } from './http/middleware/body-limit.ts';
import { clientIp } from './http/middleware/client-ip.ts';
import { compressPages } from './http/middleware/compress-pages.ts';
import { csrf } from './http/middleware/csrf.ts';
import { nonBrowserStrikes } from './http/middleware/non-browser-strikes.ts';
import { pathGuard } from './http/middleware/path-guard.ts';
import { requestId } from './http/middleware/request-id.ts';
import { requestLog } from './http/middleware/request-log.ts';
import { secureHeaders } from './http/middleware/secure-headers.ts';
import { session } from './http/middleware/session.ts';
import { loginRoutes } from './login/login.routes.tsx';
import { healthRoutes } from './ops/health.routes.ts';
import { staticRoutes } from './ops/static.routes.ts';
import { isEmbedPath } from './projects/embed-contract.ts';
import { projectIconRoutes } from './projects/project-icon.routes.ts';
import { projectRoutes } from './projects/projects.routes.tsx';
import { widgetSettingsRoutes } from './projects/widget-settings.routes.tsx';
import { qaRoutes } from './qa/qa.routes.tsx';
import { qualityReportRoutes } from './qa/quality-report.routes.tsx';
import { scorecardRoutes } from './qa/scorecards.routes.tsx';
import { reportRoutes } from './reports/reports.routes.tsx';
import { agentStatusRoutes } from './routing/agent-status.routes.tsx';
import { trustedProxies } from './security/client-ip.ts';
import { loadMarketingTags } from './settings/marketing-tags.service.ts';
import { settingsRoutes } from './settings/settings.routes.tsx';
import { staffRoutes } from './staff/staff.routes.tsx';
import { trackingRoutes } from './tracking/tracking.routes.tsx';
import { brandingRoutes } from './visitors/branding.routes.ts';
import { csatRoutes } from './visitors/csat.routes.ts';
import { visitorRoutes } from './visitors/visitor.routes.tsx';
import { visitorMessageRoutes } from './visitors/visitor-messages.routes.ts';
import { visitorUploadRoutes } from './visitors/visitor-uploads.routes.ts';

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Please sign in',
  403: 'Access denied',
  404: 'Page not found',
  409: 'Conflict',
  413: 'Too large',
  422: 'Check the form',
  429: 'Too many requests',
  500: 'Something went wrong',
};

const none = async () => undefined;

export function createApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // SEC-1: the address (pure derivation) and the block check come before everything else,
  // static files and the WebSocket upgrade included.
  app.use(clientIp({ trusted: trustedProxies(deps.config.trustedProxies) }));
  app.use(blockFirst({ blocks: deps.blocks }));
  app.use(async function provideDeps(c, next) {
    c.set('deps', deps);
    await next();
  });
  app.use(requestId());
  app.use(requestLog());
  app.use(compressPages());
  // WID-7: the widget's frame carries no marketing tags (docs/decisions/0029).
  app.use(
    secureHeaders({
      marketingTags: (c) => (isEmbedPath(c.req.path) ? none() : loadMarketingTags(c.get('deps'))),
    }),
  );
  app.use(pathGuard());
  app.use(bodyLimits());
  app.route('/', healthRoutes);
  app.route('/', assetRoutes);
  app.route('/', embedRoutes);
  app.route('/', webLeadRoutes);
  app.route('/', brandingRoutes);
  app.route('/', projectIconRoutes);
  app.route('/', staticRoutes);
  app.use(session());
  app.use(nonBrowserStrikes());
  app.use(embedOrigin());
  app.use(csrf());
  app.use(authorize());

  app.route('/', visitorRoutes);
  app.route('/', csatRoutes);
  app.route('/', visitorUploadRoutes);
  app.route('/', loginRoutes);
  app.route('/', staffAttachmentRoutes);
  app.route('/', qaRoutes);
  app.route('/', scorecardRoutes);
  app.route('/', qualityReportRoutes);
  app.route('/', agentRoutes);
  app.route('/agent/canned-replies', cannedReplyRoutes);
  app.route('/agent/buckets', inboxRoutes);
  app.route('/agent/conversations', chatRoutes);
  app.route('/', dashboardRoutes);
  app.route('/', chatsRoutes);
  app.route('/', chatPanelRoutes);
  app.route('/', leadImportRoutes);
  app.route('/', sheetSourceRoutes);
  app.route('/', crmRoutes);
  app.route('/', staffRoutes);
  app.route('/', projectRoutes);
  app.route('/', widgetSettingsRoutes);
  app.route('/', webLeadSettingsRoutes);
  app.route('/', trackingRoutes);
  app.route('/', settingsRoutes);
  app.route('/', aiRoutes);
  app.route('/', visitorMessageRoutes);
  app.route('/', agentStatusRoutes);
  app.route('/', blocklistRoutes);
  app.route('/', reportRoutes);

  app.notFound((c) => {
    const props = { status: 404, title: titles[404] ?? '', message: 'We could not find that page.' };
    return isFragmentRequest(c)
      ? c.html(<ErrorMessage {...props} />, 404)
      : c.html(<ErrorPage {...props} />, 404);
  });

  app.onError((error, c) => {
    const requestId = c.get('requestId');
    if (error instanceof HTTPException) return error.getResponse();
    if (isDatabaseUnavailable(error)) {
      // Locked or unreachable database: the request did nothing; the client tries again later.
      c.get('deps').log.warn('request.database_unavailable', { requestId, path: c.req.path, error });
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      const busy = {
        status: 503,
        title: 'Busy',
        message: 'The service is busy for a moment. Please try again in a few seconds.',
        requestId,
      };
      return isFragmentRequest(c)
        ? c.html(<ErrorMessage {...busy} />, 503)
        : c.html(<ErrorPage {...busy} />, 503);
    }
    const known = error instanceof AppError;
    const status = known ? error.status : 500;
    if (!known) c.get('deps').log.error('request.failed', { requestId, path: c.req.path, error });
    const props = {
      status,
      title: titles[status] ?? 'Error',
      message: known ? error.message : 'The error has been logged. Please try again in a moment.',
      requestId,
    };
    return isFragmentRequest(c)
      ? c.html(<ErrorMessage {...props} />, status)
      : c.html(<ErrorPage {...props} />, status);
  });

  return app;
}

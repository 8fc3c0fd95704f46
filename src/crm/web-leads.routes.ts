import { type Context, Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { rateLimit } from '../http/middleware/rate-limit.ts';
import { publicOrigin } from '../http/public-origin.ts';
import { geoCountryOf, readBody, touchOf } from '../visitors/visitor-request.ts';
import { receiveWebLead } from './web-leads.service.ts';

/**
 * `POST /api/web-leads` (CRM-1): the public contract lead-form.js posts to (README "Embedding" →
 * "Web leads API"). Cross-site on purpose, so it is mounted before the CSRF check and checks the
 * caller's Origin against the project's allowed origins itself. Answers are JSON and readable by
 * the calling page (CORS for exactly its origin), so a site's own script can show why.
 */
/** SEC-8: a busy office behind one address submits many forms; a flood from one does not pass. */
const WEB_LEADS_RATE_LIMIT = { rule: 'web_leads', limit: 60, windowMs: 10 * 60_000 };
const PATH = '/api/web-leads';

/** Every answer is readable by the calling page, refusals included, and never cached. */
function readableByCaller(c: Context<AppEnv>): void {
  const origin = c.req.header('Origin');
  c.header('Vary', 'Origin');
  c.header('Cache-Control', 'no-store');
  if (origin) c.header('Access-Control-Allow-Origin', origin);
}

export const webLeadRoutes = new Hono<AppEnv>()
  // A JSON body is not a CORS-safelisted type: the browser asks first.
  .options(PATH, (c) => {
    readableByCaller(c);
    c.header('Access-Control-Allow-Methods', 'POST');
    c.header('Access-Control-Allow-Headers', 'Content-Type');
    c.header('Access-Control-Max-Age', '600');
    return c.body(null, 204);
  })
  .post(
    PATH,
    rateLimit(WEB_LEADS_RATE_LIMIT, {
      refuse: (c, seconds) => {
        readableByCaller(c);
        return c.json({ error: 'rate_limited', retry_after_s: seconds }, 429);
      },
    }),
    async (c) => {
      readableByCaller(c);
      const body = await readBody(c);
      if (!body) {
        return c.json(
          { error: 'body.unreadable', message: 'Send JSON or a form-encoded body (see the README).' },
          400,
        );
      }
      const result = await receiveWebLead(c.get('deps'), {
        body,
        origin: c.req.header('Origin'),
        ownOrigin: publicOrigin(c),
        requestCountry: geoCountryOf(c),
        touch: touchOf(c, { ...body, landing_url: body.landing_url ?? body.page_url }),
      });
      if (result.ok) {
        const { leadId, created } = result.value;
        return c.json({ id: leadId, duplicate: !created }, created ? 201 : 200);
      }
      if (result.code === 'invalid') return c.json({ error: 'invalid', fields: result.errors }, 422);
      if (result.code === 'project.not_found') {
        return c.json({ error: result.code, fields: { project: 'No project has this slug.' } }, 404);
      }
      return c.json(
        { error: result.code, message: 'This site is not on the project’s allowed origins.' },
        403,
      );
    },
  );

import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContactFormValues } from '../../views/visitor/contact-form.tsx';
import { VisitorNotFoundPage } from '../../views/visitor/not-found-page.tsx';
import { VisitorPage } from '../../views/visitor/visitor-page.tsx';
import { phoneRulesBundle, visitorBundle, widgetBundle } from '../assets/bundles.ts';
import { embedHostFor } from '../embed/embed.service.ts';
import type { AppEnv } from '../http/env.ts';
import { rateLimit } from '../http/middleware/rate-limit.ts';
import { embedPageCsp, visitorPageCsp } from '../http/middleware/secure-headers.ts';
import { publicOrigin } from '../http/public-origin.ts';
import {
  findDefaultProject,
  findProjectBySlug,
  findProjectBySlugRedirect,
  listProjectOrigins,
} from '../projects/projects.queries.ts';
import { toIso } from '../shared/clock.ts';
import { countryOptions } from '../shared/countries.ts';
import { headerOf, iconUrlOf, type ProjectRow } from './branding.ts';
import { CHAT_AGAIN_LIMITS, CHAT_START_LIMITS } from './chat-limits.ts';
import { findKnownVisitor } from './chat-start.service.ts';
import { startChatWithinLimits, startFollowUpWithinLimits } from './chat-start-guard.service.ts';
import { parseContactForm } from './contact-form.ts';
import type { ContactErrors } from './contact-rules.ts';
import { guessCountry } from './countries.ts';
import { queueStateFor } from './queue.service.ts';
import {
  geoCountryOf,
  publicUrlOf,
  readBody,
  setVisitorCookie,
  touchOf,
  visitorTokenOf,
  wantsJson,
} from './visitor-request.ts';
import { isPlausibleBindKey, SOCKET_BIND_PARAM } from './visitor-token.ts';
import { findLatestVisitorConversation, updateVisitorSeen } from './visitors.queries.ts';

const BODY_LIMIT = bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('Request too large', 413) });
const textOf = (value: unknown) => (typeof value === 'string' ? value : '');

/** A refused start, said so the page script can tell the visitor (and when to try again). */
function tooMany(c: Context<AppEnv>, retryAfterSeconds: number) {
  c.header('Retry-After', String(retryAfterSeconds));
  return wantsJson(c)
    ? c.json({ error: 'rate_limited', retryAfter: retryAfterSeconds }, 429)
    : c.text(`Too many chats started from here. Please try again in ${retryAfterSeconds} s.`, 429);
}
const limitedPerAddress = (spec: typeof CHAT_START_LIMITS.perAddress | typeof CHAT_AGAIN_LIMITS.perAddress) =>
  rateLimit(spec, { refuse: tooMany });

async function notFoundPage(c: Context<AppEnv>, slug: string) {
  const assets = await visitorBundle.urls();
  return c.html(<VisitorNotFoundPage cssUrl={assets['visitor/visitor.css']} slug={slug} />, 404);
}

/** The widget's frame (WID-1): the same page without its header, for one allowed host origin. */
async function embedOf(hostOrigin: string | undefined) {
  if (!hostOrigin) return undefined;
  const assets = await widgetBundle.urls();
  return { hostOrigin, css: assets['widget/frame.css'], js: assets['widget/frame.js'] };
}

/** The page: the chat when this browser's token has a conversation here, else the lead form. */
async function renderPage(
  c: Context<AppEnv>,
  project: ProjectRow,
  form: { values?: ContactFormValues; errors?: ContactErrors; status?: 200 | 422 } = {},
  embedHost?: string,
) {
  const deps = c.get('deps');
  const token = visitorTokenOf(c, project.id);
  const visitor = await findKnownVisitor(deps, project.id, token);
  const conversation = visitor ? await findLatestVisitorConversation(deps.db, visitor.id) : undefined;
  if (visitor && token) {
    await updateVisitorSeen(deps.db, visitor.id, toIso(deps.clock.now()));
    setVisitorCookie(c, project.id, token); // renewed on every visit
  }
  const assets = await visitorBundle.urls();
  const country = guessCountry({
    projectDefault: project.default_country,
    geoCountry: geoCountryOf(c),
    acceptLanguage: c.req.header('Accept-Language'),
  });
  c.header('Cache-Control', 'no-store');
  c.header('Vary', 'Cookie');
  // SEC-5: framable by our own widget iframe and by the project's allowed embed origins only.
  c.header(
    'Content-Security-Policy',
    embedHost ? embedPageCsp(embedHost) : visitorPageCsp(await listProjectOrigins(deps.db, project.id)),
  );
  return c.html(
    <VisitorPage
      project={{
        id: project.id,
        slug: project.slug,
        title: project.title,
        subtitle: project.subtitle,
        welcomeHeading: project.welcome_heading,
        welcomeMessage: project.welcome_message,
        formHeading: project.form_heading,
        formDescription: project.form_description,
      }}
      brand={{
        slug: project.slug,
        title: project.title,
        themeColor: headerOf(project),
        iconUrl: iconUrlOf(project),
        themeCssUrl: `/p/${project.slug}/theme.css?v=${encodeURIComponent(project.updated_at)}`,
        manifestUrl: `/p/${project.slug}/manifest.webmanifest`,
      }}
      assets={{
        css: assets['visitor/visitor.css'],
        noscriptCss: assets['visitor/noscript.css'],
        formJs: assets['visitor/form.js'],
        chatJs: assets['visitor/chat.js'],
        phoneRulesJs: (await phoneRulesBundle.urls())['visitor/phone-rules.js'],
        sw: '/static/visitor/sw.js',
      }}
      conversation={form.errors ? undefined : conversation}
      form={{
        values: form.values ?? { name: '', country, phone: '', email: '' },
        errors: form.errors ?? {},
        countries: countryOptions,
        landingUrl: publicUrlOf(c),
        referrer: c.req.header('Referer') ?? '',
      }}
      embed={await embedOf(embedHost)}
    />,
    form.status ?? 200,
  );
}

/** The project by its slug, or by an old one (PROJ-2: a page loaded before a rename still works). */
async function projectFor(c: Context<AppEnv>): Promise<ProjectRow | undefined> {
  const { db } = c.get('deps');
  const slug = c.req.param('slug') ?? '';
  return (await findProjectBySlug(db, slug)) ?? (await findProjectBySlugRedirect(db, slug));
}

/** Visitor pages and their JSON calls (VIS-1..3, VIS-8, VIS-10). Public: no staff session involved. */
export const visitorRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const project = await findDefaultProject(c.get('deps').db);
    return project ? renderPage(c, project) : notFoundPage(c, '');
  })
  .get('/p/:slug', async (c) => {
    const project = await projectFor(c);
    if (!project) return notFoundPage(c, c.req.param('slug'));
    // An old slug: a permanent redirect keeps every running ad's link (and its UTM query) working.
    if (project.slug !== c.req.param('slug'))
      return c.redirect(`/p/${project.slug}${new URL(c.req.url).search}`, 301);
    return renderPage(c, project);
  })

  // The widget's frame (WID-1, WID-5): only for a host the project allows; no marketing tags.
  .get('/embed/:slug', async (c) => {
    const project = await projectFor(c);
    if (!project) return notFoundPage(c, c.req.param('slug'));
    const host = await embedHostFor(c.get('deps'), project.id, c.req.query('host'), publicOrigin(c));
    if (!host) return c.text('This chat is not enabled for this site.', 403);
    return renderPage(c, project, {}, host);
  })

  // Chat start (VIS-2, VIS-3, VIS-10): a form post without script, JSON for the page script.
  .post('/p/:slug/chat', limitedPerAddress(CHAT_START_LIMITS.perAddress), BODY_LIMIT, async (c) => {
    const project = await projectFor(c);
    if (!project) return wantsJson(c) ? c.json({ error: 'project.not_found' }, 404) : notFoundPage(c, '');
    const body = await readBody(c);
    const parsed = parseContactForm(body);
    if (!parsed.ok) {
      if (wantsJson(c)) return c.json({ errors: parsed.errors }, 422);
      const values = {
        name: textOf(body?.name),
        country: textOf(body?.country),
        phone: textOf(body?.phone),
        email: textOf(body?.email),
      };
      return renderPage(c, project, { values, errors: parsed.errors, status: 422 });
    }
    const bindKey = body?.[SOCKET_BIND_PARAM];
    if (bindKey !== undefined && bindKey !== '' && !isPlausibleBindKey(textOf(bindKey))) {
      return c.json({ error: 'bind.invalid', field: SOCKET_BIND_PARAM }, 422);
    }
    const result = await startChatWithinLimits(c.get('deps'), {
      bindKey: bindKey ? textOf(bindKey) : undefined,
      projectId: project.id,
      contact: parsed.contact,
      touch: touchOf(c, body ?? {}),
      token: visitorTokenOf(c, project.id),
      returningHint: body?.returning === '1' || body?.returning === true,
      ip: c.get('clientIp'),
    });
    if (!result.ok && result.code === 'rate_limited') return tooMany(c, result.retryAfterSeconds);
    if (!result.ok) {
      return wantsJson(c)
        ? c.json({ error: result.code }, 429)
        : c.text('Too many open chats from your network. Please continue in an open chat.', 429);
    }
    const started = result.value;
    setVisitorCookie(c, project.id, started.token);
    if (!wantsJson(c)) return c.redirect(`/p/${project.slug}`, 303);
    return c.json(
      {
        projectId: project.id,
        visitorId: started.visitorId,
        conversationId: started.conversationId,
        status: started.status,
        token: started.token,
      },
      201,
    );
  })

  // A returning visitor whose cookie is gone (or blocked in an iframe) resumes from localStorage.
  .get('/p/:slug/session', async (c) => {
    const project = await projectFor(c);
    if (!project) return c.json({ error: 'project.not_found' }, 404);
    const token = visitorTokenOf(c, project.id);
    const visitor = await findKnownVisitor(c.get('deps'), project.id, token);
    const conversation = visitor
      ? await findLatestVisitorConversation(c.get('deps').db, visitor.id)
      : undefined;
    if (!visitor || !token || !conversation) return c.json({ error: 'visitor.unknown' }, 404);
    setVisitorCookie(c, project.id, token);
    c.header('Cache-Control', 'no-store');
    return c.json({
      projectId: project.id,
      visitorId: visitor.id,
      conversationId: conversation.id,
      status: conversation.status,
    });
  })

  // While nobody has picked the chat up: place in the queue and the leave-a-message offer (BEYOND-3).
  .get('/p/:slug/queue', async (c) => {
    const project = await projectFor(c);
    if (!project) return c.json({ error: 'project.not_found' }, 404);
    const result = await queueStateFor(c.get('deps'), {
      projectId: project.id,
      token: visitorTokenOf(c, project.id),
      conversationId: c.req.query('conversation') ?? '',
    });
    c.header('Cache-Control', 'no-store');
    return result.ok ? c.json(result.value) : c.json({ error: result.code }, 404);
  })

  // After "this chat has ended" the next message opens a fresh chat with the same lead data (VIS-8).
  .post('/p/:slug/chat/again', limitedPerAddress(CHAT_AGAIN_LIMITS.perAddress), BODY_LIMIT, async (c) => {
    const project = await projectFor(c);
    if (!project) return c.json({ error: 'project.not_found' }, 404);
    const result = await startFollowUpWithinLimits(c.get('deps'), {
      projectId: project.id,
      token: visitorTokenOf(c, project.id),
      ip: c.get('clientIp'),
    });
    if (!result.ok && result.code === 'rate_limited') return tooMany(c, result.retryAfterSeconds);
    if (!result.ok) return c.json({ error: result.code }, result.code === 'visitor.unknown' ? 404 : 409);
    return c.json(
      {
        projectId: project.id,
        conversationId: result.value.conversationId,
        status: 'unassigned',
        startedAt: result.value.startedAt,
      },
      201,
    );
  });

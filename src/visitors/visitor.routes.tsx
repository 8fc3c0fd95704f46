import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContactFormValues } from '../../views/visitor/contact-form.tsx';
import { VisitorNotFoundPage } from '../../views/visitor/not-found-page.tsx';
import { VisitorPage } from '../../views/visitor/visitor-page.tsx';
import { visitorBundle } from '../assets/bundles.ts';
import type { AppEnv } from '../http/env.ts';
import { visitorPageCsp } from '../http/middleware/secure-headers.ts';
import {
  findDefaultProject,
  findProjectBySlug,
  findProjectBySlugRedirect,
  listProjectOrigins,
} from '../projects/projects.queries.ts';
import { toIso } from '../shared/clock.ts';
import { headerOf, iconUrlOf, type ProjectRow } from './branding.ts';
import { findKnownVisitor, startChat, startFollowUpChat } from './chat-start.service.ts';
import { parseContactForm } from './contact-form.ts';
import type { ContactErrors } from './contact-rules.ts';
import { countryOptions, guessCountry } from './countries.ts';
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
import { findLatestVisitorConversation, updateVisitorSeen } from './visitors.queries.ts';

const BODY_LIMIT = bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('Request too large', 413) });
const textOf = (value: unknown) => (typeof value === 'string' ? value : '');

async function notFoundPage(c: Context<AppEnv>, slug: string) {
  const assets = await visitorBundle.urls();
  return c.html(<VisitorNotFoundPage cssUrl={assets['visitor/visitor.css']} slug={slug} />, 404);
}

/** The page: the chat when this browser's token has a conversation here, else the lead form. */
async function renderPage(
  c: Context<AppEnv>,
  project: ProjectRow,
  form: { values?: ContactFormValues; errors?: ContactErrors; status?: 200 | 422 } = {},
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
  const country = guessCountry(geoCountryOf(c), c.req.header('Accept-Language'));
  c.header('Cache-Control', 'no-store');
  c.header('Vary', 'Cookie');
  // SEC-5: framable by our own widget iframe and by the project's allowed embed origins only.
  c.header('Content-Security-Policy', visitorPageCsp(await listProjectOrigins(deps.db, project.id)));
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
        formJs: assets['visitor/form.js'],
        chatJs: assets['visitor/chat.js'],
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

  // Chat start (VIS-2, VIS-3, VIS-10): a form post without script, JSON for the page script.
  .post('/p/:slug/chat', BODY_LIMIT, async (c) => {
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
    const started = await startChat(c.get('deps'), {
      projectId: project.id,
      contact: parsed.contact,
      touch: touchOf(c, body ?? {}),
      token: visitorTokenOf(c, project.id),
      returningHint: body?.returning === '1' || body?.returning === true,
    });
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
  .post('/p/:slug/chat/again', BODY_LIMIT, async (c) => {
    const project = await projectFor(c);
    if (!project) return c.json({ error: 'project.not_found' }, 404);
    const result = await startFollowUpChat(c.get('deps'), {
      projectId: project.id,
      token: visitorTokenOf(c, project.id),
    });
    if (!result.ok) return c.json({ error: result.code }, result.code === 'visitor.unknown' ? 404 : 409);
    return c.json(
      { projectId: project.id, conversationId: result.value.conversationId, status: 'unassigned' },
      201,
    );
  });

import { findConversationById } from '../conversations/conversations.queries.ts';
import type { Deps } from '../deps.ts';
import { EMBED_PREFIX, embedPath, type WidgetConfig } from '../projects/embed-contract.ts';
import type { Project } from '../projects/project.ts';
import {
  findDefaultProject,
  findProjectBySlug,
  listProjectOrigins,
  projectRowToProject,
} from '../projects/projects.queries.ts';
import { cspSource, isAllowedOrigin, type OriginPattern, parseOriginPattern } from '../security/origin.ts';
import { fail, ok, type Result } from '../shared/result.ts';

/**
 * The widget's origin whitelist (WID-5) and its config. Allowed origins are read from the
 * database on every check (one indexed read, and only for requests from another site), so an
 * edit applies on every instance at once; the loader's config is cached by browsers for 30 s.
 */
export type WidgetError = 'project.not_found' | 'origin.not_allowed';
type WidgetDeps = Pick<Deps, 'db'>;

async function originPatterns(deps: WidgetDeps, projectId: string): Promise<OriginPattern[]> {
  return (await listProjectOrigins(deps.db, projectId)).flatMap((text) => {
    const parsed = parseOriginPattern(text);
    return parsed.ok ? [parsed.value] : [];
  });
}

/** Our own pages (the widget's frame) may always call; another site only when the project lists it. */
export async function embedOriginAllowed(
  deps: WidgetDeps,
  projectId: string,
  origin: string,
  ownOrigin: string,
): Promise<boolean> {
  return origin === ownOrigin || isAllowedOrigin(await originPatterns(deps, projectId), origin);
}

/** The project a public embed call names by slug, else the default project. */
export async function projectFor(deps: WidgetDeps, slug: string | undefined): Promise<Project | undefined> {
  const row = slug ? await findProjectBySlug(deps.db, slug) : await findDefaultProject(deps.db);
  return row ? projectRowToProject(row) : undefined;
}

/** The loader's first call: the project (by slug, else the default one) as this host may see it. */
export async function widgetConfigFor(
  deps: WidgetDeps,
  input: { slug: string | undefined; origin: string | undefined; ownOrigin: string },
): Promise<Result<WidgetConfig, WidgetError>> {
  const project = await projectFor(deps, input.slug);
  if (!project) return fail('project.not_found');
  const { origin, ownOrigin } = input;
  if (!origin || !(await embedOriginAllowed(deps, project.id, origin, ownOrigin))) {
    return fail('origin.not_allowed');
  }
  return ok({
    projectId: project.id,
    slug: project.slug,
    title: project.title,
    accentColor: project.accentColor,
    position: project.widgetPosition,
    popup: { enabled: project.popupEnabled, delaySeconds: project.popupDelaySeconds },
    frameUrl: `${ownOrigin}${embedPath(project.slug, origin)}`,
  });
}

const SLUG_PATH = /^\/(?:p|embed)\/([^/]+)/;
const CONVERSATION_PATH = /^\/api\/visitor\/conversations\/([0-9A-Z]{26})(?:\/|$)/;

/**
 * The project a visitor API path belongs to (`/p/{slug}/…`, `/embed/{slug}`, or a conversation
 * under `/api/visitor/`), for the origin check of a request from another site.
 */
export async function projectIdOfVisitorPath(deps: WidgetDeps, path: string): Promise<string | undefined> {
  const slug = SLUG_PATH.exec(path)?.[1];
  if (slug) return (await findProjectBySlug(deps.db, decodeURIComponent(slug)))?.id;
  const conversationId = CONVERSATION_PATH.exec(path)?.[1];
  if (conversationId) return (await findConversationById(deps.db, conversationId))?.projectId;
  return undefined;
}

export const isVisitorApiPath = (path: string): boolean =>
  path.startsWith('/p/') || path.startsWith(EMBED_PREFIX) || path.startsWith('/api/visitor/');

/**
 * The host origin an embed page is served for: allowed by the project, or our own. Anything else
 * gets a refusal page (and a frame-ancestors policy that no third-party site passes).
 */
export async function embedHostFor(
  deps: WidgetDeps,
  projectId: string,
  host: string | undefined,
  ownOrigin: string,
): Promise<string | undefined> {
  const parsed = host && !host.includes('*') ? parseOriginPattern(host) : undefined;
  if (!parsed?.ok) return undefined;
  const canonical = cspSource(parsed.value); // the form browsers give as location.origin
  return (await embedOriginAllowed(deps, projectId, canonical, ownOrigin)) ? canonical : undefined;
}

import { AI_AGENT_ID, AI_AGENT_NAME } from '../ai/ai-agent.ts';
import { listUsersByRoles } from '../auth/users.queries.ts';
import type { Deps } from '../deps.ts';
import { listProjects } from '../projects/projects.queries.ts';
import type { KeysetCursor } from '../shared/keyset-cursor.ts';
import { ANALYTICS_CAP, ANALYTICS_PAGE, analyticsFold, type CrmAnalytics } from './analytics.ts';
import type { ReportFilters } from './report.ts';
import { listAnalyticsChats, listStaffMessageStats } from './reports.queries.ts';

/**
 * CRM analytics over the chats of `filters` (docs/decisions/0027): newest first, one keyset page
 * of ANALYTICS_PAGE chats and one grouped query of their staff messages at a time, folded and
 * dropped, up to `cap` chats (beyond it the result says `capped`).
 */
export async function loadCrmAnalytics(
  deps: Pick<Deps, 'db'>,
  filters: ReportFilters,
  cap = ANALYTICS_CAP,
): Promise<CrmAnalytics> {
  const fold = analyticsFold();
  let after: KeysetCursor | undefined;
  let read = 0;
  let capped = false;
  for (;;) {
    const limit = Math.min(ANALYTICS_PAGE, cap - read);
    const chats = await listAnalyticsChats(deps.db, filters, after, limit);
    const stats = await listStaffMessageStats(
      deps.db,
      chats.map((chat) => chat.id),
    );
    const firstAt = new Map<string, string>();
    for (const stat of stats) {
      const seen = firstAt.get(stat.conversationId);
      if (!seen || stat.firstAt < seen) firstAt.set(stat.conversationId, stat.firstAt);
    }
    for (const chat of chats) fold.addChat({ ...chat, firstResponseAt: firstAt.get(chat.id) ?? null });
    fold.addMessages(stats.flatMap((s) => (s.senderId ? [{ senderId: s.senderId, count: s.count }] : [])));
    read += chats.length;
    const last = chats.at(-1);
    if (chats.length < limit || !last) break;
    after = { at: last.createdAt, id: last.id };
    if (read >= cap) {
      // Capped only when a chat is left unread.
      capped = (await listAnalyticsChats(deps.db, filters, after, 1)).length > 0;
      break;
    }
  }
  const [staff, projects] = await Promise.all([
    listUsersByRoles(deps.db, ['agent', 'admin', 'manager']),
    listProjects(deps.db),
  ]);
  return {
    ...fold.result(capped),
    names: {
      ...Object.fromEntries(staff.map((user) => [user.id, user.displayName])),
      [AI_AGENT_ID]: AI_AGENT_NAME,
    },
    projectTitles: Object.fromEntries(projects.map((project) => [project.id, project.title])),
  };
}

import type { Expression } from 'kysely';
import { contactSearch } from '../conversations/contact-search.ts';
import type { Db } from '../db/database.ts';
import { checkedNotSought, firstRows } from '../db/dialect.ts';
import { followUpRange, type LeadFilters, type LeadScope } from './lead.ts';

/**
 * The lead inbox's filters as one WHERE (CRM-1, CRM-4), shared by its pages and its counts: every
 * filter is an equality or a range on an indexed column (migrations 202612041100, 202612054000).
 * Search is never a contains-scan: a phone query matches the end of the number (ADR 0038), an
 * email its beginning, a name its beginning.
 */
const LEAD_SEARCH_COLUMN = {
  phone: 'leads.phone_reversed',
  email: 'leads.email',
  name: 'leads.name_key',
} as const;

/** Range matches in a source tab beyond which sorting them costs more than walking the tab (ADR 0052). */
export const LEAD_RANGE_SORT_LIMIT = 10_000;

/**
 * How the range filters (search key, follow-up days) are written: `seek` lets the planner read
 * their index; `filter` wraps the column so no index matches it and the page walks its own order
 * index, checking each row (the cheaper way when thousands match). Same rows either way.
 */
export type RangeUse = 'seek' | 'filter';

type RangeColumn = 'leads.follow_up_on' | (typeof LEAD_SEARCH_COLUMN)[keyof typeof LEAD_SEARCH_COLUMN];

// Checked, the column keeps NULL a non-match (an overdue filter has no lower bound to exclude it).
const rangeColumn = (column: RangeColumn, use: RangeUse): RangeColumn | Expression<string | null> =>
  use === 'seek' ? column : checkedNotSought(column);

export function filtered(
  db: Db,
  scope: LeadScope,
  filters: Omit<LeadFilters, 'source'>,
  use: RangeUse = 'seek',
) {
  let query = db.selectFrom('leads');
  if (scope.kind === 'agent') {
    // An agent's own leads, or the unassigned ones they may pick (assigneeId 'none').
    query =
      filters.assigneeId === 'none'
        ? query.where('leads.assignee_id', 'is', null)
        : query.where('leads.assignee_id', '=', scope.agentId);
  } else if (filters.assigneeId === 'none') {
    query = query.where('leads.assignee_id', 'is', null);
  } else if (filters.assigneeId) {
    query = query.where('leads.assignee_id', '=', filters.assigneeId);
  }
  if (filters.stage) query = query.where('leads.stage', '=', filters.stage);
  if (filters.projectId) query = query.where('leads.project_id', '=', filters.projectId);
  if (filters.from) query = query.where('leads.created_at', '>=', filters.from);
  if (filters.to) query = query.where('leads.created_at', '<=', filters.to);
  if (filters.followUp) {
    const range = followUpRange(filters.followUp, filters.today);
    const column = rangeColumn('leads.follow_up_on', use);
    if (range === 'none') query = query.where('leads.follow_up_on', 'is', null);
    else {
      if (range.from) query = query.where(column, '>=', range.from);
      if (range.to) query = query.where(column, '<=', range.to);
    }
  }
  const search = contactSearch(filters.search);
  if (search) {
    const column = rangeColumn(LEAD_SEARCH_COLUMN[search.field], use);
    query = query.where(column, '>=', search.from);
    if (search.below !== undefined) query = query.where(column, '<', search.below);
  }
  return query;
}

const hasRange = (filters: LeadFilters) =>
  contactSearch(filters.search) !== undefined ||
  (filters.followUp !== undefined && followUpRange(filters.followUp, filters.today) !== 'none');

/**
 * How a source tab's page reads its range filters (ADR 0052). The tab's (source, key) index would
 * let a planner seek the range and sort every match, however many: fewer than `limit` matches of
 * the tab and that is cheap (`seek`), more and the page walks the tab's order instead (`filter`).
 * Counted on that index, never more than `limit` entries. The "All" tab has no such choice to make.
 */
export async function rangeUseOf(db: Db, filters: LeadFilters, limit: number): Promise<RangeUse> {
  if (!filters.source || !hasRange(filters)) return 'seek';
  const { search, followUp, today } = filters;
  const probe = filtered(db, { kind: 'all' }, { search, followUp, today })
    .select('leads.source')
    .where('leads.source', '=', filters.source);
  const row = await db
    .selectFrom(firstRows(db, probe, limit).as('candidates'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) < limit ? 'seek' : 'filter';
}

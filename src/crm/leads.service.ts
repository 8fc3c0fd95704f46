import { scopeOf } from '../auth/policy.ts';
import type { Role } from '../auth/roles.ts';
import { listUsersByRoles } from '../auth/users.queries.ts';
import type { Deps } from '../deps.ts';
import { publishLeadChanged } from '../leads/lead-events.service.ts';
import { changeLeadStage, changeStandaloneLeadStage } from '../leads/lead-stage.service.ts';
import { LEAD_STAGES, type LeadStage } from '../leads/lead-stage.ts';
import { listProjects } from '../projects/projects.queries.ts';
import { toIso } from '../shared/clock.ts';
import { dayRangeProblem } from '../shared/day-range.ts';
import { encodeKeysetCursor, type KeysetCursor } from '../shared/keyset-cursor.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { DataLayerEvent } from '../tracking/data-layer.ts';
import type { BoardColumn, LeadDetail, LeadFilters, LeadNote, LeadRow, LeadScope } from './lead.ts';
import {
  countLeadsBySource,
  countLeadsByStage,
  findLeadDetail,
  insertLeadNote,
  listLeadNotes,
  listLeadsPage,
  updateLeadAssignee,
  updateLeadFollowUp,
} from './leads.queries.ts';

/** The lead inbox and lead detail (CRM-1..4, AGENT-7), for every console that shows leads. */
export const LEADS_PAGE_SIZE = 25;
/** Source tab counts stop here and show "N+" (PERF-2 capped counts). */
export const LEAD_COUNT_CAP = 10_000;
/** Rows per query while streaming a CSV export: memory stays flat whatever the total. */
const EXPORT_PAGE = 500;
const NOTES_SHOWN = 200;
export const NOTE_MAX = 4000;
export const REMARK_MAX = 2000;

export interface Actor {
  id: string;
  role: Role;
  /** Named in the conversion events a stage change sends (TRACK-2). */
  displayName?: string;
}

export type LeadError = 'not_found' | 'forbidden' | 'invalid' | 'agent_not_found';

/** What `actor` may see: agents their own leads and the unassigned ones (ADMIN-7 "own"). */
export function leadScopeOf(actor: Actor): LeadScope {
  return scopeOf(actor.role, 'crm.view') === 'own' ? { kind: 'agent', agentId: actor.id } : { kind: 'all' };
}

const visibleTo = (scope: LeadScope, lead: Pick<LeadRow, 'assigneeId'>) =>
  scope.kind === 'all' || lead.assigneeId === null || lead.assigneeId === scope.agentId;

/** What the inbox's filters offer: active agents and projects. */
export async function loadLeadInboxChoices(deps: Pick<Deps, 'db'>) {
  const [agents, projects] = await Promise.all([listUsersByRoles(deps.db, ['agent']), listProjects(deps.db)]);
  return {
    agents: agents.filter((a) => a.isActive).map((a) => ({ id: a.id, name: a.displayName })),
    projects: projects.map((p) => ({ id: p.id, name: p.title })),
  };
}

export async function loadLeadInbox(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  filters: LeadFilters,
  after: KeysetCursor | undefined,
  days: { from?: string | undefined; to?: string | undefined } = {},
) {
  const scope = leadScopeOf(actor);
  const choices = await loadLeadInboxChoices(deps);
  const rangeError = dayRangeProblem(days.from, days.to);
  if (rangeError) {
    const counts = { chat: 0, web: 0, csv: 0, sheet: 0 };
    return { rangeError, rows: [], hasMore: false, counts, nextCursor: undefined, ...choices };
  }
  const { source: _source, ...others } = filters;
  const [page, counts] = await Promise.all([
    listLeadsPage(deps.db, scope, filters, after, LEADS_PAGE_SIZE),
    countLeadsBySource(deps.db, scope, others, LEAD_COUNT_CAP),
  ]);
  const last = page.rows.at(-1);
  return {
    rangeError: undefined,
    ...page,
    counts,
    nextCursor: page.hasMore && last ? encodeKeysetCursor({ at: last.createdAt, id: last.id }) : undefined,
    ...choices,
  };
}

/** The people a lead can be given to: active agents. */
export async function assignableAgents(deps: Pick<Deps, 'db'>): Promise<Array<{ id: string; name: string }>> {
  const agents = await listUsersByRoles(deps.db, ['agent']);
  return agents.filter((a) => a.isActive).map((a) => ({ id: a.id, name: a.displayName }));
}

/** Every lead of the filter, newest first, read a page at a time (the CSV export). */
export async function* leadsOfFilter(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  filters: LeadFilters,
): AsyncGenerator<LeadRow> {
  const scope = leadScopeOf(actor);
  let after: KeysetCursor | undefined;
  for (;;) {
    const page = await listLeadsPage(deps.db, scope, filters, after, EXPORT_PAGE);
    yield* page.rows;
    const last = page.rows.at(-1);
    if (!page.hasMore || !last) return;
    after = { at: last.createdAt, id: last.id };
  }
}

export async function loadLead(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  leadId: string,
): Promise<Result<{ lead: LeadDetail; notes: LeadNote[] }, 'not_found'>> {
  const lead = await findLeadDetail(deps.db, leadId);
  // Another agent's lead is "not found" to an agent: its existence is not theirs to know.
  if (!lead || !visibleTo(leadScopeOf(actor), lead)) return fail('not_found');
  return ok({ lead, notes: await listLeadNotes(deps.db, leadId, NOTES_SHOWN) });
}

/** A lead the actor may change (`crm.work`): QA reads only; agents their own and unassigned ones. */
async function workableLead(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  leadId: string,
): Promise<Result<LeadDetail, 'not_found' | 'forbidden'>> {
  if (!scopeOf(actor.role, 'crm.work')) return fail('forbidden');
  const lead = await findLeadDetail(deps.db, leadId);
  if (!lead || !visibleTo(leadScopeOf(actor), lead)) return fail('not_found');
  return ok(lead);
}

/** CRM-3: notes are appended, never edited or deleted. */
export async function addLeadNote(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'publisher'>,
  actor: Actor,
  leadId: string,
  body: string,
): Promise<Result<void, LeadError>> {
  const text = body.trim();
  if (text === '' || text.length > NOTE_MAX) return fail('invalid');
  const lead = await workableLead(deps, actor, leadId);
  if (!lead.ok) return lead;
  await insertLeadNote(deps.db, {
    id: deps.ids.next(),
    leadId,
    conversationId: lead.value.conversationId,
    authorId: actor.id,
    body: text,
    now: toIso(deps.clock.now()),
  });
  deps.log.info('leads.note_added', { leadId, actorId: actor.id });
  await publishLeadChanged(deps, { leadId }, 'note');
  return ok(undefined);
}

/** CRM-3, AGENT-7: the follow-up date (or none) and the final remark. */
export async function setLeadFollowUp(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'publisher'>,
  actor: Actor,
  leadId: string,
  input: { followUpOn: string | null; finalRemark: string | null },
): Promise<Result<void, LeadError>> {
  const lead = await workableLead(deps, actor, leadId);
  if (!lead.ok) return lead;
  await updateLeadFollowUp(deps.db, { leadId, ...input, now: toIso(deps.clock.now()) });
  await publishLeadChanged(deps, { leadId }, 'follow_up');
  return ok(undefined);
}

/**
 * CRM-4 "agent-assignable": admins and managers give a lead to any active agent or to nobody; an
 * agent takes an unassigned lead or hands their own to another agent (ADMIN-7 "own → others").
 */
export async function assignLead(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'publisher'>,
  actor: Actor,
  leadId: string,
  assigneeId: string | null,
): Promise<Result<void, LeadError>> {
  const scope = scopeOf(actor.role, 'crm.assign');
  if (!scope) return fail('forbidden');
  const lead = await findLeadDetail(deps.db, leadId);
  if (!lead || !visibleTo(leadScopeOf(actor), lead)) return fail('not_found');
  if (scope === 'own' && assigneeId === null) return fail('forbidden');
  if (assigneeId !== null && !(await assignableAgents(deps)).some((agent) => agent.id === assigneeId)) {
    return fail('agent_not_found');
  }
  await updateLeadAssignee(deps.db, { leadId, assigneeId, now: toIso(deps.clock.now()) });
  deps.log.info('leads.assigned', { leadId, actorId: actor.id, assigneeId });
  // The previous owner hears it too: the lead leaves their inbox and board (ADR 0045).
  if (lead.assigneeId !== assigneeId) await publishLeadChanged(deps, { leadId }, 'owner', lead.assigneeId);
  return ok(undefined);
}

/**
 * CRM-2 from the lead detail: a chat lead moves through its newest chat, others on their own.
 * Gives the conversion event for the page's dataLayer when the stage is a tracked one (TRACK-2).
 */
export async function changeStageOfLead(
  deps: Deps,
  actor: Actor,
  leadId: string,
  stage: LeadStage,
  /** Converted only: the optional deal value, in the project's default currency. */
  value: number | null = null,
): Promise<Result<DataLayerEvent | undefined, LeadError>> {
  const lead = await workableLead(deps, actor, leadId);
  if (!lead.ok) return lead;
  if (!scopeOf(actor.role, 'leads.stage')) return fail('forbidden');
  const changed = lead.value.conversationId
    ? await changeLeadStage(deps, {
        conversationId: lead.value.conversationId,
        stage,
        actor,
        value,
        leadAccessChecked: true,
      })
    : await changeStandaloneLeadStage(deps, { leadId, stage, actor, value });
  return changed.ok ? ok(changed.value.dataLayer) : fail('not_found');
}

/** Cards per column of the pipeline board; "More" reads the next ones by keyset (BEYOND-8). */
export const BOARD_COLUMN_SIZE = 20;

const cursorAfter = (page: { rows: LeadRow[]; hasMore: boolean }) => {
  const last = page.rows.at(-1);
  return page.hasMore && last ? encodeKeysetCursor({ at: last.createdAt, id: last.id }) : undefined;
};

/** One column of the board: the stage's newest leads of the filter, after `after` when given. */
export async function loadBoardColumn(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  filters: LeadFilters,
  stage: LeadStage,
  after: KeysetCursor | undefined,
): Promise<Omit<BoardColumn, 'count'>> {
  const page = await listLeadsPage(
    deps.db,
    leadScopeOf(actor),
    { ...filters, stage },
    after,
    BOARD_COLUMN_SIZE,
  );
  return { stage, rows: page.rows, nextCursor: cursorAfter(page) };
}

/**
 * The pipeline board (BEYOND-8): the inbox's filter split into one column per stage, each its
 * newest leads and a capped count. The filter's own stage is not a column filter.
 */
export async function loadLeadBoard(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  filters: LeadFilters,
  days: { from?: string | undefined; to?: string | undefined } = {},
  /** One column read from a cursor (its "More" opened without htmx). */
  from?: { stage: LeadStage; after: KeysetCursor | undefined },
): Promise<{ columns: BoardColumn[]; rangeError: string | undefined }> {
  const rangeError = dayRangeProblem(days.from, days.to);
  if (rangeError) {
    return {
      rangeError,
      columns: LEAD_STAGES.map((stage) => ({ stage, rows: [], count: 0, nextCursor: undefined })),
    };
  }
  const [columns, counts] = await Promise.all([
    Promise.all(
      LEAD_STAGES.map((stage) =>
        loadBoardColumn(deps, actor, filters, stage, from?.stage === stage ? from.after : undefined),
      ),
    ),
    countLeadsByStage(deps.db, leadScopeOf(actor), filters, LEAD_STAGES, LEAD_COUNT_CAP),
  ]);
  return {
    rangeError: undefined,
    columns: columns.map((column) => ({ ...column, count: counts[column.stage] ?? 0 })),
  };
}
